import { ResourceServerEnv } from '@charter/auth';
import {
  eventSecurityOptions,
  IsPrivateEventKey,
  IsPublicEventKey,
  IsPublicEventKeySet,
  LOCAL_EVENT_ENCRYPTION_KEY,
  LOCAL_EVENT_SIGNING_KEYS,
  LOCAL_EVENT_VERIFICATION_KEYS,
  type NatsOptions,
} from '@charter/events';
import { EnvInt, EnvList, NotLocalDefaultInProduction } from '@charter/service-kit';
import {
  ArrayNotEmpty,
  IsInt,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

/** The local development defaults of the secrets; production refuses to run on them. */
export const LOCAL_ADMIN_CLIENT_SECRET = 'local-dev-admin-secret-change-me-0123456789';
export const LOCAL_CREDENTIALS_HASH_KEY = 'local-dev-credentials-hash-key-change-me';

/**
 * The account service's environment: the shared variables (ServiceEnv, ResourceServerEnv)
 * and its own. Property names are the variable names.
 */
export class AccountServiceConfig extends ResourceServerEnv {
  override PORT = 3001;

  override AUTH_AUDIENCE = 'http://localhost:3001';

  /** The platform admin client created at start. */
  @Matches(/^[\x21-\x7E]{1,128}$/, { message: 'must be 1 to 128 visible ASCII characters' })
  ADMIN_CLIENT_ID: string = 'charter-admin';

  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  @NotLocalDefaultInProduction(LOCAL_ADMIN_CLIENT_SECRET)
  ADMIN_CLIENT_SECRET: string = LOCAL_ADMIN_CLIENT_SECRET;

  /**
   * Previous admin client secrets, comma-separated, still accepted beside ADMIN_CLIENT_SECRET
   * until removed (an overlap while every caller switches). Empty outside a rotation.
   */
  @EnvList()
  @IsString({ each: true })
  @MinLength(32, { each: true, message: 'each secret must be at least 32 characters' })
  ADMIN_CLIENT_SECRET_PREVIOUS: string[] = [];

  /**
   * The admin console client created at start: a public client (authorization code + PKCE) that
   * platform and enterprise admins sign in with to get a token for this API.
   */
  @Matches(/^[\x21-\x7E]{1,128}$/, { message: 'must be 1 to 128 visible ASCII characters' })
  ADMIN_CONSOLE_CLIENT_ID: string = 'charter-admin-cli';

  /** Its redirect URIs, comma-separated, matched exactly (a CLI's loopback, the console's page). */
  @EnvList()
  @ArrayNotEmpty({ message: 'must name at least one redirect URI' })
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { each: true, message: 'each must be an http(s) URL' },
  )
  ADMIN_CONSOLE_REDIRECT_URIS: string[] = ['http://127.0.0.1:8400/callback'];

  /** HMAC key for client secrets; the auth-server must use the same one. */
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  @NotLocalDefaultInProduction(LOCAL_CREDENTIALS_HASH_KEY)
  CREDENTIALS_HASH_KEY: string = LOCAL_CREDENTIALS_HASH_KEY;

  /**
   * Previous CREDENTIALS_HASH_KEY values, comma-separated: hashes made under them are still
   * recognised (the admin bootstrap, password tokens). Empty outside a rotation.
   */
  @EnvList()
  @IsString({ each: true })
  @MinLength(32, { each: true, message: 'each key must be at least 32 characters' })
  CREDENTIALS_HASH_KEY_PREVIOUS: string[] = [];

  /**
   * A user token of a user holding any of these roles is refused (401, RFC 9470
   * `insufficient_user_authentication`) unless its sign-in used a second factor (`amr` holds
   * `mfa`). Comma-separated, `none` for nobody (an empty value keeps the default); the auth-server's setting of the same name makes
   * those users enrol and use one.
   */
  @EnvList()
  @IsString({ each: true })
  @Matches(/^[a-z][a-z-]{0,63}$/, { each: true, message: 'each role must be a role name' })
  MFA_REQUIRED_ROLES: string[] = ['enterprise-admin', 'platform-admin', 'platform-auditor'];

  /** The client-secret hash keys: the current one first, then the previous ones. */
  credentialsHashKeys(): readonly string[] {
    return [this.CREDENTIALS_HASH_KEY, ...this.CREDENTIALS_HASH_KEY_PREVIOUS];
  }

  /** The admin client's secrets: the current one first, then the previous ones. */
  adminClientSecrets(): readonly string[] {
    return [this.ADMIN_CLIENT_SECRET, ...this.ADMIN_CLIENT_SECRET_PREVIOUS];
  }

  /** How often (ms) the outbox relay polls when no commit woke it. */
  @EnvInt()
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_INTERVAL: number = 200;

  /**
   * The private ES256 JWK (with `kid`) this service signs every event and snapshot reply with;
   * inline JSON or the path of a JSON file. Consumers trust its public half (docs/operations.md).
   */
  @IsPrivateEventKey()
  @NotLocalDefaultInProduction(LOCAL_EVENT_SIGNING_KEYS['account-service'])
  EVENTS_SIGNING_KEY: string = LOCAL_EVENT_SIGNING_KEYS['account-service'];

  /** The auth-server's public event keys (JWK Set): its snapshot requests and `auth.*` events. */
  @IsPublicEventKeySet()
  @NotLocalDefaultInProduction(LOCAL_EVENT_VERIFICATION_KEYS['auth-server'])
  EVENTS_AUTH_SERVER_KEYS: string = LOCAL_EVENT_VERIFICATION_KEYS['auth-server'];

  /** The content API's public event keys (JWK Set): its snapshot requests. */
  @IsPublicEventKeySet()
  @NotLocalDefaultInProduction(LOCAL_EVENT_VERIFICATION_KEYS['content-api'])
  EVENTS_CONTENT_API_KEYS: string = LOCAL_EVENT_VERIFICATION_KEYS['content-api'];

  /**
   * The auth-server's public ECDH-ES P-256 JWK (with `kid`): password and secret hashes travel
   * sealed to it, so nobody else reading the stream can read them.
   */
  @IsPublicEventKey()
  @NotLocalDefaultInProduction(LOCAL_EVENT_ENCRYPTION_KEY)
  EVENTS_AUTH_SERVER_ENCRYPTION_KEY: string = LOCAL_EVENT_ENCRYPTION_KEY;

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
        service: 'account-service',
        signingKey: this.EVENTS_SIGNING_KEY,
        trustedKeys: {
          'auth-server': this.EVENTS_AUTH_SERVER_KEYS,
          'content-api': this.EVENTS_CONTENT_API_KEYS,
        },
        encryptionKeys: { 'auth-server': this.EVENTS_AUTH_SERVER_ENCRYPTION_KEY },
      }),
    };
  }
}
