import type { Clock } from '@charter/service-kit';

/** What an API tells the package about itself, beyond its environment. */
export interface ResourceServerModuleOptions {
  /**
   * The API's name (kebab-case, e.g. `catalog-api`): its NATS connection name and the prefix of
   * its durable consumers (`<name>-accounts`, `<name>-revocations`), shared by its instances.
   */
  readonly name: string;
  /** The API's own PostgreSQL schema, where the access-state projection lives. */
  readonly schema: string;
  /** Tests move time; the service runs on the system clock. */
  readonly clock?: Clock;
  /**
   * The schema's migrations. Default: `ACCESS_STATE_MIGRATIONS` (a new API). An API that had the
   * projection before the package keeps its own history (the content API).
   */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations?: readonly Function[];
  /** The API's own entities in the same schema, beside the access state (none in the samples). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities?: readonly Function[];
}

/** What the package's providers read, resolved once from the environment and the options. */
export interface ResourceServerSettings {
  readonly name: string;
  /** This API's resource indicator (RFC 8707): contracts must name it. */
  readonly audience: string;
  readonly maxStalenessMs: number;
  /** How often the usage meter's counts are published (USAGE_FLUSH_INTERVAL_MS). */
  readonly usageFlushIntervalMs: number;
  readonly accountsDurable: string;
  readonly revocationsDurable: string;
}

export const RESOURCE_SERVER_SETTINGS = Symbol('RESOURCE_SERVER_SETTINGS');

/** The durable consumer names of an API: shared by its instances, distinct from every other API's. */
export function durableNames(name: string): {
  readonly accountsDurable: string;
  readonly revocationsDurable: string;
} {
  return { accountsDurable: `${name}-accounts`, revocationsDurable: `${name}-revocations` };
}
