import { ResourceServerEnv } from '@charter/auth';
import {
  eventSecurityOptions,
  IsPrivateEventKey,
  IsPublicEventKeySet,
  LOCAL_EVENT_SIGNING_KEYS,
  LOCAL_EVENT_VERIFICATION_KEYS,
  type NatsOptions,
} from '@charter/events';
import { EnvInt, NotLocalDefaultInProduction } from '@charter/service-kit';
import { IsIn, IsInt, Max, Min } from 'class-validator';

/**
 * The environment of an API that enforces contracts: ResourceServerEnv (issuer, audience, JWKS)
 * plus the access state's staleness bound and the event keys. An API's config extends it and
 * sets its own PORT, AUTH_AUDIENCE and EVENTS_SIGNING_KEY defaults. Property names are the
 * variable names.
 */
export abstract class ContractApiEnv extends ResourceServerEnv {
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

  /**
   * How often, in milliseconds, the usage meter publishes its counts (one batch per flush, on the
   * USAGE stream). An instance that crashes loses at most the counts of one interval; a graceful
   * stop flushes first.
   */
  @EnvInt()
  @IsInt()
  @Min(100)
  @Max(60_000)
  USAGE_FLUSH_INTERVAL_MS: number = 5_000;

  /**
   * Where the DPoP proofs this API accepted are remembered (RFC 9449 §11.1): `database` (the
   * default) in the API's PostgreSQL schema, so a proof spent at one instance is refused at all;
   * `memory` per instance (a replay at another instance within the proof window gets through).
   */
  @IsIn(['database', 'memory'], { message: 'must be database or memory' })
  DPOP_REPLAY_STORE: 'database' | 'memory' = 'database';

  /**
   * The private ES256 JWK (with `kid`) this API signs its snapshot requests with; inline JSON or
   * the path of a JSON file. Every API has its own key; the account service trusts the public
   * halves of all of them as `EVENTS_CONTENT_API_KEYS` (the `content-api` signer role).
   */
  @IsPrivateEventKey()
  @NotLocalDefaultInProduction(LOCAL_EVENT_SIGNING_KEYS['content-api'])
  EVENTS_SIGNING_KEY: string = LOCAL_EVENT_SIGNING_KEYS['content-api'];

  /** The account service's public event keys (JWK Set): an account event it did not sign is never applied. */
  @IsPublicEventKeySet()
  @NotLocalDefaultInProduction(LOCAL_EVENT_VERIFICATION_KEYS['account-service'])
  EVENTS_ACCOUNT_SERVICE_KEYS: string = LOCAL_EVENT_VERIFICATION_KEYS['account-service'];

  /** The auth-server's public event keys (JWK Set): a revocation it did not sign is never applied. */
  @IsPublicEventKeySet()
  @NotLocalDefaultInProduction(LOCAL_EVENT_VERIFICATION_KEYS['auth-server'])
  EVENTS_AUTH_SERVER_KEYS: string = LOCAL_EVENT_VERIFICATION_KEYS['auth-server'];

  /** The NATS connection: this API's credentials and event keys. */
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
        // The signer role of every content API (what SNAPSHOT_REQUESTERS admits); the key is this API's own.
        service: 'content-api',
        signingKey: this.EVENTS_SIGNING_KEY,
        trustedKeys: {
          'account-service': this.EVENTS_ACCOUNT_SERVICE_KEYS,
          'auth-server': this.EVENTS_AUTH_SERVER_KEYS,
        },
      }),
    };
  }
}
