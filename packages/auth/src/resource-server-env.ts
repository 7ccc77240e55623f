import { EnvBool, EnvInt, ServiceEnv } from '@charter/service-kit';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import type { AuthOptions } from './auth.options.js';

const HTTP_URL = /^https?:\/\/[^\s/?#]+(\/[^\s#]*)?$/;

/**
 * The variables of a service that accepts Charter access tokens. An app's config
 * extends this and sets its own AUTH_AUDIENCE default.
 */
export abstract class ResourceServerEnv extends ServiceEnv {
  /** Unset: `${AUTH_ISSUER}/.well-known/jwks.json`. */
  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http(s) URL' })
  AUTH_JWKS_URI?: string;

  /** This API's resource indicator (RFC 8707): the `aud` its tokens must carry. */
  @Matches(HTTP_URL, { message: 'must be an http(s) URL' })
  AUTH_AUDIENCE!: string;

  /**
   * The URL clients call this API at (behind a proxy: the public one), for DPoP proofs' `htu`
   * (RFC 9449 §4.3). Unset: the request's scheme and Host header.
   */
  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http(s) URL' })
  DPOP_PUBLIC_URL?: string;

  /** How old a DPoP proof may be, by its `iat`, in seconds (plus 5 s of clock skew). */
  @EnvInt()
  @IsInt()
  @Min(5)
  @Max(600)
  DPOP_PROOF_MAX_AGE: number = 60;

  /**
   * Set: DPoP proofs need this API's nonce (RFC 9449 §9), derived from this secret, which every
   * instance of the API shares. Unset: no nonce.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  DPOP_NONCE_SECRET?: string;

  /** `true`: only DPoP-bound tokens are accepted (FAPI 2.0 §5.3.4); bearer tokens get 401. */
  @EnvBool()
  @IsBoolean({ message: 'must be true or false' })
  DPOP_REQUIRED: boolean = false;

  get jwksUri(): string {
    return this.AUTH_JWKS_URI ?? `${this.AUTH_ISSUER}/.well-known/jwks.json`;
  }

  /** What `AuthModule.forRoot` needs. */
  authOptions(): AuthOptions {
    return {
      issuer: this.AUTH_ISSUER,
      audience: this.AUTH_AUDIENCE,
      jwksUri: this.jwksUri,
      dpop: {
        maxAgeSeconds: this.DPOP_PROOF_MAX_AGE,
        required: this.DPOP_REQUIRED,
        ...(this.DPOP_PUBLIC_URL === undefined ? {} : { publicUrl: this.DPOP_PUBLIC_URL }),
        ...(this.DPOP_NONCE_SECRET === undefined ? {} : { nonceSecret: this.DPOP_NONCE_SECRET }),
      },
    };
  }
}
