import { ResourceServerEnv } from '@charter/auth';
import { EnvInt } from '@charter/service-kit';
import { IsInt, Max, Min } from 'class-validator';

/**
 * The content API's environment: the shared variables (ServiceEnv,
 * ResourceServerEnv) with this API's defaults. Property names are the variable names.
 */
export class ContentApiConfig extends ResourceServerEnv {
  override PORT = 3002;

  /** This API's resource indicator (RFC 8707): the `aud` its tokens must carry and contracts name. */
  override AUTH_AUDIENCE = 'http://localhost:3002';

  /**
   * How long, in milliseconds, the in-memory access state may go without hearing from
   * NATS or re-reading PostgreSQL before requests are refused with 503 (fail closed).
   * The default is the one-second promise of ARCHITECTURE ("takes effect within one second").
   */
  @EnvInt()
  @IsInt()
  @Min(200)
  @Max(60_000)
  ACCESS_STATE_MAX_STALENESS_MS: number = 1_000;
}

/** The Postgres schema this service owns; nobody else reads it. */
export const CONTENT_SCHEMA = 'content';
