import { ServiceEnv } from '@charter/service-kit';
import { IsOptional, Matches } from 'class-validator';
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

  get jwksUri(): string {
    return this.AUTH_JWKS_URI ?? `${this.AUTH_ISSUER}/.well-known/jwks.json`;
  }

  /** What `AuthModule.forRoot` needs. */
  authOptions(): AuthOptions {
    return { issuer: this.AUTH_ISSUER, audience: this.AUTH_AUDIENCE, jwksUri: this.jwksUri };
  }
}
