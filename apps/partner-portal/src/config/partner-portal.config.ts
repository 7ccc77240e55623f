import { NotLocalDefaultInProduction, ServiceEnv } from '@charter/service-kit';
import type { AuthOptions } from '@charter/auth';
import { IsString, Matches, MinLength } from 'class-validator';

const HTTP_URL = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*[^\s/?#])?$/;
export const LOCAL_COOKIE_SECRET = 'local-dev-portal-cookie-secret-change-me-0123456789';

/**
 * The partner portal's environment. It is a confidential client of the
 * authorization server (its system account) and a resource server for the
 * tokens its users get for it: those carry its client id as `aud`.
 * DATABASE_URL and NATS_URL (from ServiceEnv) are not used: the portal keeps nothing.
 */
export class PartnerPortalConfig extends ServiceEnv {
  override PORT = 3003;

  /** Where users reach the portal; the redirect URI is `${PORTAL_URL}/callback`. */
  @Matches(HTTP_URL, { message: 'must be an http(s) URL without a trailing slash' })
  PORTAL_URL: string = 'http://localhost:3003';

  /** The portal's system account (authorization_code + token exchange grants). */
  @IsString()
  @MinLength(1)
  PORTAL_CLIENT_ID!: string;

  @IsString()
  @MinLength(32)
  PORTAL_CLIENT_SECRET!: string;

  /** Signs the short-lived cookie that carries state, nonce and PKCE verifier through the login. */
  @IsString()
  @MinLength(32)
  @NotLocalDefaultInProduction(LOCAL_COOKIE_SECRET)
  PORTAL_COOKIE_SECRET: string = LOCAL_COOKIE_SECRET;

  @Matches(HTTP_URL, { message: 'must be an http(s) URL without a trailing slash' })
  CONTENT_API_URL: string = 'http://localhost:3002';

  /** The content API's resource indicator: the downstream access asked for at login, then in the token exchange. */
  @Matches(HTTP_URL, { message: 'must be an http(s) URL' })
  CONTENT_API_AUDIENCE: string = 'http://localhost:3002';

  get redirectUri(): string {
    return `${this.PORTAL_URL}/callback`;
  }

  /** The portal's own API accepts user tokens issued for it: `aud` is its client id. */
  authOptions(): AuthOptions {
    return {
      issuer: this.AUTH_ISSUER,
      audience: this.PORTAL_CLIENT_ID,
      jwksUri: `${this.AUTH_ISSUER}/.well-known/jwks.json`,
    };
  }
}
