import {
  eventSecurityOptions,
  IsPrivateEventKey,
  IsPrivateEventKeySet,
  IsPublicEventKeySet,
  LOCAL_EVENT_DECRYPTION_KEYS,
  LOCAL_EVENT_SIGNING_KEYS,
  LOCAL_EVENT_VERIFICATION_KEYS,
  type NatsOptions,
} from '@charter/events';
import {
  EnvBool,
  EnvInt,
  EnvList,
  IsNotLessThan,
  NotLocalDefaultInProduction,
  ServiceEnv,
} from '@charter/service-kit';
import type { Brand } from '../oauth/authorize/pages.js';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';

export const LOCAL_KEYS_ENCRYPTION_KEY = 'local-dev-keys-encryption-key-change-me';
export const LOCAL_CREDENTIALS_HASH_KEY = 'local-dev-credentials-hash-key-change-me';
/**
 * The JWS algorithms the server keeps signing keys for (RFC 7518 §3.4 ES256, §3.3 RS256, §3.5
 * PS256): RS256 for OpenID Connect (OIDC Core §15.1: mandatory to implement; the default ID
 * token algorithm), ES256 and PS256 for clients that ask for them. Access tokens use KEYS_ALGORITHM.
 */
export const SIGNING_ALGORITHMS = ['ES256', 'RS256', 'PS256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];
/** The longest access-token lifetime; client TTLs are capped to it and keys stay published that long after they stop signing. */
export const MAX_ACCESS_TOKEN_TTL = 86_400;

/**
 * The auth-server's environment: the shared variables (ServiceEnv) and its own.
 * Property names ARE the variable names; initialisers are the defaults.
 */
export class AuthServerConfig extends ServiceEnv {
  override PORT = 3000;
  /** Token and login requests are small; this still leaves room for a client assertion (private_key_jwt). */
  override HTTP_BODY_LIMIT = 16 * 1024;

  /** Default access-token lifetime in seconds; a client's own TTL wins. */
  @EnvInt()
  @IsInt()
  @Min(60)
  @Max(MAX_ACCESS_TOKEN_TTL)
  TOKEN_ACCESS_TTL: number = 600;

  @IsIn(SIGNING_ALGORITHMS, { message: `must be one of ${SIGNING_ALGORITHMS.join(', ')}` })
  KEYS_ALGORITHM: SigningAlgorithm = 'ES256';

  /**
   * Encrypts signing private keys at rest (AES-256-GCM under an HKDF-derived key); a second
   * HKDF-derived key signs the login/consent/logout forms' CSRF tokens. The same on every instance.
   */
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  @NotLocalDefaultInProduction(LOCAL_KEYS_ENCRYPTION_KEY)
  KEYS_ENCRYPTION_KEY: string = LOCAL_KEYS_ENCRYPTION_KEY;

  /**
   * Previous KEYS_ENCRYPTION_KEY values, comma-separated: signing keys stored under them still
   * decrypt (and forms signed under them still verify) until `keys:rewrap` has re-encrypted
   * every stored key under KEYS_ENCRYPTION_KEY. Empty outside a rotation.
   */
  @EnvList()
  @IsString({ each: true })
  @MinLength(32, { each: true, message: 'each key must be at least 32 characters' })
  KEYS_ENCRYPTION_KEY_PREVIOUS: string[] = [];

  /** How long a signing key signs before the next one takes over, in seconds (default 30 days). */
  @EnvInt()
  @IsInt()
  @Min(3_600)
  @Max(365 * 86_400)
  KEYS_ROTATION_INTERVAL: number = 30 * 86_400;

  /**
   * How often each instance reloads the signing keys, in seconds: it learns of a key
   * rotated by `keys:rotate` within this time (a retired key stays published this much longer).
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(900)
  KEYS_REFRESH_INTERVAL: number = 60;

  /** HMAC-SHA256 key of client secret hashes; equal to the account service's. */
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  @NotLocalDefaultInProduction(LOCAL_CREDENTIALS_HASH_KEY)
  CREDENTIALS_HASH_KEY: string = LOCAL_CREDENTIALS_HASH_KEY;

  /**
   * Previous CREDENTIALS_HASH_KEY values, comma-separated: secrets hashed under them still
   * authenticate, and each is re-keyed under CREDENTIALS_HASH_KEY on its first use. Empty
   * outside a rotation.
   */
  @EnvList()
  @IsString({ each: true })
  @MinLength(32, { each: true, message: 'each key must be at least 32 characters' })
  CREDENTIALS_HASH_KEY_PREVIOUS: string[] = [];

  /**
   * The account service's resource indicator (its tokens' `aud`): an enterprise user's token
   * for it carries only `accounts:self`, and the account service decides from its own users table.
   */
  @Matches(/^https?:\/\/[^\s#]+$/, { message: 'must be an http(s) URL without fragment' })
  ACCOUNT_SERVICE_AUDIENCE: string = 'http://localhost:3001';

  /**
   * How long, in milliseconds, the in-memory account state (clients, enterprises, contracts,
   * users) may go without hearing from NATS or re-reading PostgreSQL before the OAuth endpoints
   * answer 503 `temporarily_unavailable` (fail closed). One second: ARCHITECTURE's promise that
   * taking access away takes effect everywhere within one second.
   */
  @EnvInt()
  @IsInt()
  @Min(200)
  @Max(60_000)
  ACCOUNT_STATE_MAX_STALENESS_MS: number = 1_000;

  /** Refresh-token lifetime in seconds (default 30 days); each use rotates it. */
  @EnvInt()
  @IsInt()
  @Min(300)
  @Max(365 * 86_400)
  REFRESH_TOKEN_TTL: number = 30 * 86_400;

  /** SSO session lifetime in seconds (default 8 hours) from the login. */
  @EnvInt()
  @IsInt()
  @Min(300)
  @Max(30 * 86_400)
  SESSION_TTL: number = 8 * 3_600;

  /**
   * Password attempts for one account (login page and password grant together) before it
   * locks; each attempt is counted before the password is checked, a right one clears the count.
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(1_000)
  LOGIN_MAX_FAILURES: number = 5;

  /** Login attempts from one client address before it locks (a right password is taken back). */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(100_000)
  LOGIN_IP_MAX_FAILURES: number = 50;

  /** The first lock, in seconds; each further attempt after a lock doubles it. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(86_400)
  LOGIN_LOCK_SECONDS: number = 60;

  /**
   * The longest lock of an account, in seconds (default 15 minutes): kept short, so that
   * someone else's guesses only delay the owner. A quiet account forgets its count after it.
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(86_400)
  @IsNotLessThan('LOGIN_LOCK_SECONDS')
  LOGIN_LOCK_MAX_SECONDS: number = 900;

  /**
   * The longest lock of a client address, in seconds (default 24 hours): a guessing address is
   * throttled hard. A quiet address forgets its count after it.
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(7 * 86_400)
  @IsNotLessThan('LOGIN_LOCK_SECONDS')
  LOGIN_IP_LOCK_MAX_SECONDS: number = 86_400;

  /**
   * Users holding any of these roles must sign in with a second factor (TOTP or a recovery code)
   * and enrol one at their next sign-in if they have none; comma-separated, `none` for nobody (an empty value keeps the default).
   * The account service has the same setting and refuses their tokens without one.
   */
  @EnvList()
  @IsString({ each: true })
  @Matches(/^[a-z][a-z-]{0,63}$/, { each: true, message: 'each role must be a role name' })
  MFA_REQUIRED_ROLES: string[] = ['enterprise-admin', 'platform-admin', 'platform-auditor'];

  /** The issuer name authenticator apps show beside a TOTP entry (otpauth:// `issuer`). */
  @IsString()
  @Matches(/^[^:]{1,64}$/, { message: 'must be 1 to 64 characters without a colon' })
  TOTP_ISSUER: string = 'Charter';

  /** The product name on the sign-in pages (title, logo's alternative text). */
  @IsString()
  @Matches(/^[^<>\p{Cc}]{1,64}$/u, {
    message: 'must be 1 to 64 characters without control characters or angle brackets',
  })
  BRAND_NAME: string = 'Charter';

  /** An http(s) URL of a logo shown on the sign-in pages (its origin joins their CSP img-src); empty: none. */
  @Matches(/^(https?:\/\/[A-Za-z0-9.-]{1,253}(:\d{1,5})?(\/[^\s"'<>\\]{0,2000})?)?$/, {
    message: 'must be empty or an http(s) URL',
  })
  BRAND_LOGO_URL: string = '';

  /** The buttons' colour on the sign-in pages, `#rrggbb`. */
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'must be a #rrggbb colour' })
  BRAND_PRIMARY_COLOR: string = '#1d4ed8';

  /** The sign-in pages' background colour, `#rrggbb`. */
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'must be a #rrggbb colour' })
  BRAND_BACKGROUND_COLOR: string = '#ffffff';

  /**
   * How old a DPoP proof (RFC 9449) may be, in seconds, by its `iat` (plus 5 s of clock skew):
   * its `jti` is remembered (in PostgreSQL, for every instance) exactly that long.
   */
  @EnvInt()
  @IsInt()
  @Min(5)
  @Max(600)
  DPOP_PROOF_MAX_AGE: number = 60;

  /**
   * RFC 9449 §8: require server-provided nonces in DPoP proofs at the token and PAR endpoints.
   * A proof without the current nonce gets `use_dpop_nonce` and the nonce in `DPoP-Nonce`.
   * Nonces are derived from KEYS_ENCRYPTION_KEY, so every instance accepts every instance's.
   */
  @EnvBool()
  @IsBoolean({ message: 'must be true or false' })
  DPOP_NONCE_REQUIRED: boolean = false;

  /**
   * RFC 9126 §5: every client must push its authorization requests (`/par`); `/authorize`
   * then takes only a `request_uri`. Discovery says so (`require_pushed_authorization_requests`).
   */
  @EnvBool()
  @IsBoolean({ message: 'must be true or false' })
  PAR_REQUIRED: boolean = false;

  /**
   * How long a pushed request's `request_uri` may be used, in seconds (RFC 9126 §2.2 expires_in);
   * under 600 (FAPI 2.0 Security Profile §5.3.2.2).
   */
  @EnvInt()
  @IsInt()
  @Min(10)
  @Max(599)
  PAR_REQUEST_TTL: number = 90;

  /**
   * The private ES256 JWK (with `kid`) this service signs its events (`auth.token.revoked`) and
   * snapshot requests with; inline JSON or the path of a JSON file.
   */
  @IsPrivateEventKey()
  @NotLocalDefaultInProduction(LOCAL_EVENT_SIGNING_KEYS['auth-server'])
  EVENTS_SIGNING_KEY: string = LOCAL_EVENT_SIGNING_KEYS['auth-server'];

  /** The account service's public event keys (JWK Set): an account event it did not sign is never applied. */
  @IsPublicEventKeySet()
  @NotLocalDefaultInProduction(LOCAL_EVENT_VERIFICATION_KEYS['account-service'])
  EVENTS_ACCOUNT_SERVICE_KEYS: string = LOCAL_EVENT_VERIFICATION_KEYS['account-service'];

  /**
   * This service's private ECDH-ES P-256 keys (JWK Set, current and previous): they open the
   * password and secret hashes the account service seals to it.
   */
  @IsPrivateEventKeySet()
  @NotLocalDefaultInProduction(LOCAL_EVENT_DECRYPTION_KEYS)
  EVENTS_DECRYPTION_KEYS: string = LOCAL_EVENT_DECRYPTION_KEYS;

  /** The sign-in pages' brand. */
  brand(): Brand {
    return {
      name: this.BRAND_NAME,
      logoUrl: this.BRAND_LOGO_URL === '' ? null : this.BRAND_LOGO_URL,
      primaryColor: this.BRAND_PRIMARY_COLOR,
      backgroundColor: this.BRAND_BACKGROUND_COLOR,
    };
  }

  /** The client-secret hash keys: the current one first, then the previous ones. */
  credentialsHashKeys(): readonly string[] {
    return [this.CREDENTIALS_HASH_KEY, ...this.CREDENTIALS_HASH_KEY_PREVIOUS];
  }

  /** The signing-key encryption keys: the current one first, then the previous ones. */
  keysEncryptionKeys(): readonly string[] {
    return [this.KEYS_ENCRYPTION_KEY, ...this.KEYS_ENCRYPTION_KEY_PREVIOUS];
  }

  /** The NATS connection: this service's credentials and event keys. */
  natsOptions(name: string): NatsOptions {
    return {
      url: this.NATS_URL,
      name,
      namespace: this.EVENTS_NAMESPACE,
      streamReplicas: this.EVENTS_STREAM_REPLICAS,
      streamMaxAgeSeconds: this.EVENTS_STREAM_MAX_AGE,
      startupTimeoutMs: this.STARTUP_TIMEOUT_MS,
      ...this.natsCredentials(),
      security: eventSecurityOptions({
        service: 'auth-server',
        signingKey: this.EVENTS_SIGNING_KEY,
        trustedKeys: { 'account-service': this.EVENTS_ACCOUNT_SERVICE_KEYS },
        decryptionKeys: this.EVENTS_DECRYPTION_KEYS,
      }),
    };
  }
}

/** The Postgres schema this service owns. */
export const AUTH_SCHEMA = 'auth';
