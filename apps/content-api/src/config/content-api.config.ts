import { EnvInt } from '@charter/service-kit';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const HTTP_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * The content API's environment. Property names are the variable names, so a
 * validation message names the variable; defaults are the initialisers.
 */
export class ContentApiConfig {
  @IsOptional()
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3002;

  @IsString()
  HOST: string = '0.0.0.0';

  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/charter';

  @Matches(/^(nats|tls):\/\//, { message: 'must be a nats:// URL' })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  @Matches(/^[A-Za-z0-9_-]*$/, { message: 'may hold only letters, digits, _ and -' })
  EVENTS_NAMESPACE: string = '';

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** The authorization server whose tokens this API accepts (`iss`). */
  @IsUrl(HTTP_URL, { message: 'must be an http(s) URL' })
  AUTH_ISSUER: string = 'http://localhost:3000';

  /** Where the issuer's signing keys are; defaults to `${AUTH_ISSUER}/.well-known/jwks.json`. */
  @IsOptional()
  @IsUrl(HTTP_URL, { message: 'must be an http(s) URL' })
  AUTH_JWKS_URI?: string;

  /** This API's resource indicator (RFC 8707): the `aud` its tokens must carry and contracts name. */
  @IsUrl(HTTP_URL, { message: 'must be an http(s) URL' })
  AUTH_AUDIENCE: string = 'http://localhost:3002';

  get jwksUri(): string {
    return this.AUTH_JWKS_URI ?? `${this.AUTH_ISSUER.replace(/\/+$/, '')}/.well-known/jwks.json`;
  }
}

/** The Postgres schema this service owns; nobody else reads it. */
export const CONTENT_SCHEMA = 'content';
