import { EnvInt, type LogLevel } from '@charter/service-kit';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';

export const LOCAL_KEYS_ENCRYPTION_KEY = 'local-dev-keys-encryption-key-change-me';
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
export const SIGNING_ALGORITHMS = ['ES256', 'RS256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];
/** The longest access-token lifetime; client TTLs are capped to it and keys stay published that long after they stop signing. */
export const MAX_ACCESS_TOKEN_TTL = 86_400;

/**
 * A secret whose local default is public (it is in this file) must be set
 * explicitly in production; the message names the rule, never the value.
 */
function NotLocalDefaultInProduction(
  localDefault: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notLocalDefaultInProduction',
      validator: {
        validate: (value: unknown, args) =>
          (args?.object as { NODE_ENV?: string }).NODE_ENV !== 'production' ||
          value !== localDefault,
        defaultMessage: () => 'must be set explicitly when NODE_ENV=production',
      },
    },
    options,
  );
}

/**
 * The auth-server's environment. Property names ARE the variable names, so a
 * validation message names the variable; initialisers are the defaults.
 */
export class AuthServerConfig {
  @IsOptional()
  @IsString()
  NODE_ENV: string = 'development';

  @IsOptional()
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  @MinLength(1)
  HOST: string = '0.0.0.0';

  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/charter';

  @Matches(/^(nats|tls):\/\//, { message: 'must be a nats:// URL' })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]*$/, { message: 'may hold only letters, digits, _ and -' })
  EVENTS_NAMESPACE: string = '';

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /**
   * This server's issuer identifier (RFC 8414 §2: a URL with no query or
   * fragment). No trailing slash, so `iss` equals what resource servers configure.
   */
  @Matches(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*[^/?#\s])?$/, {
    message: 'must be an http(s) URL without query, fragment or trailing slash',
  })
  AUTH_ISSUER: string = 'http://localhost:3000';

  /** Default access-token lifetime in seconds; a client's own TTL wins. */
  @EnvInt()
  @IsInt()
  @Min(60)
  @Max(MAX_ACCESS_TOKEN_TTL)
  TOKEN_ACCESS_TTL: number = 600;

  @IsIn(SIGNING_ALGORITHMS, { message: `must be one of ${SIGNING_ALGORITHMS.join(', ')}` })
  KEYS_ALGORITHM: SigningAlgorithm = 'ES256';

  /** Encrypts signing private keys at rest (AES-256-GCM under an HKDF-derived key). */
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  @NotLocalDefaultInProduction(LOCAL_KEYS_ENCRYPTION_KEY)
  KEYS_ENCRYPTION_KEY: string = LOCAL_KEYS_ENCRYPTION_KEY;

  /** How long a signing key signs before the next one takes over, in seconds (default 30 days). */
  @EnvInt()
  @IsInt()
  @Min(3_600)
  @Max(365 * 86_400)
  KEYS_ROTATION_INTERVAL: number = 30 * 86_400;

  /** HMAC-SHA256 key of client secret hashes; equal to the account service's. */
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  @NotLocalDefaultInProduction(LOCAL_CREDENTIALS_HASH_KEY)
  CREDENTIALS_HASH_KEY: string = LOCAL_CREDENTIALS_HASH_KEY;
}

/** The Postgres schema this service owns. */
export const AUTH_SCHEMA = 'auth';
