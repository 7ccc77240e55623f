import { ResourceServerEnv } from '@charter/auth';
import { EnvInt, NotLocalDefaultInProduction } from '@charter/service-kit';
import { IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';

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

  /** HMAC key for client secrets; the auth-server must use the same one. */
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  @NotLocalDefaultInProduction(LOCAL_CREDENTIALS_HASH_KEY)
  CREDENTIALS_HASH_KEY: string = LOCAL_CREDENTIALS_HASH_KEY;

  /** How often (ms) the outbox relay polls when no commit woke it. */
  @EnvInt()
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_INTERVAL: number = 200;
}
