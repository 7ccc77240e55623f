import { EnvInt } from '@charter/service-kit';
import type { LogLevel } from '@charter/service-kit';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MinLength,
  Min,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';

/** The local development defaults of the secrets; production refuses to run on them. */
export const LOCAL_ADMIN_CLIENT_SECRET = 'local-dev-admin-secret-change-me-0123456789';
export const LOCAL_CREDENTIALS_HASH_KEY = 'local-dev-credentials-hash-key-change-me';

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];
const HTTP_URL: NonNullable<Parameters<typeof IsUrl>[0]> = {
  require_tld: false,
  require_protocol: true,
  protocols: ['http', 'https'],
};

/**
 * A secret with a local default must be set explicitly when NODE_ENV=production.
 * `loadConfig` keeps the initialiser for an unset variable, so "still the local
 * default" is exactly "not set" (or set to the well-known value, which is as bad).
 */
function SetExplicitlyInProduction(localDefault: string): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'setExplicitlyInProduction',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be set explicitly in production' },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          (args.object as AccountServiceConfig).NODE_ENV !== 'production' || value !== localDefault,
      },
    });
  };
}

/** The account service's environment: property names are the variable names. */
export class AccountServiceConfig {
  /** Read only to decide whether the local secret defaults are acceptable. */
  @IsOptional()
  @IsString()
  NODE_ENV: string = 'development';

  @IsOptional()
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3001;

  @IsString()
  @MinLength(1)
  HOST: string = '0.0.0.0';

  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/charter';

  @Matches(/^(nats|tls):\/\/\S+$/, { message: 'must be a nats:// URL' })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]*$/, { message: 'may hold only letters, digits, _ and -' })
  EVENTS_NAMESPACE: string = '';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** The authorization server whose tokens this API accepts (`iss`). */
  @IsUrl(HTTP_URL, { message: 'must be an http(s) URL' })
  AUTH_ISSUER: string = 'http://localhost:3000';

  /** Unset: `${AUTH_ISSUER}/.well-known/jwks.json` (see `jwksUri`). */
  @IsOptional()
  @IsUrl(HTTP_URL, { message: 'must be an http(s) URL' })
  AUTH_JWKS_URI?: string;

  /** This API's own resource indicator (RFC 8707): the `aud` its tokens must carry. */
  @IsUrl(HTTP_URL, { message: 'must be an http(s) URL' })
  AUTH_AUDIENCE: string = 'http://localhost:3001';

  /** The platform admin client created at start. */
  @Matches(/^[\x21-\x7E]{1,128}$/, { message: 'must be 1 to 128 visible ASCII characters' })
  ADMIN_CLIENT_ID: string = 'charter-admin';

  @IsString()
  @MinLength(32)
  @SetExplicitlyInProduction(LOCAL_ADMIN_CLIENT_SECRET)
  ADMIN_CLIENT_SECRET: string = LOCAL_ADMIN_CLIENT_SECRET;

  /** HMAC key for client secrets; the auth-server must use the same one. */
  @IsString()
  @MinLength(32)
  @SetExplicitlyInProduction(LOCAL_CREDENTIALS_HASH_KEY)
  CREDENTIALS_HASH_KEY: string = LOCAL_CREDENTIALS_HASH_KEY;

  /** How often (ms) the outbox relay polls when no commit woke it. */
  @IsOptional()
  @EnvInt()
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_INTERVAL: number = 200;

  get jwksUri(): string {
    return this.AUTH_JWKS_URI ?? `${this.AUTH_ISSUER.replace(/\/+$/, '')}/.well-known/jwks.json`;
  }
}
