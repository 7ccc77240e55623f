import {
  ACCOUNTS_STREAM,
  AUTH_STREAM,
  type ContractState,
  type EnterpriseState,
  type EventEnvelope,
  InstanceStateSync,
  NatsConnection,
  type RevokedTokenState,
  type SystemAccountState,
  type UserState,
} from '@charter/events';
import { Clock, Metrics, ProblemException, type ReadinessCheck } from '@charter/service-kit';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AccountProjectionRepository } from '../projection/account-projection.repository.js';
import { aggregateOf, PROJECTED_ACCOUNT_EVENTS } from '../projection/projected-events.js';
import {
  clientFacts,
  contractRow,
  enterpriseRow,
  systemAccountRow,
  userRow,
} from '../projection/projection-rows.js';
import {
  RESOURCE_SERVER_SETTINGS,
  type ResourceServerSettings,
} from '../resource-server.options.js';
import { RevocationListRepository } from '../revocation/revocation-list.repository.js';
import { REVOCATION_EVENTS } from '../revocation/token-revocations.consumer.js';
import { AccessState } from './domain/access-state.js';

const PRUNE_EVERY_MS = 60_000;

/** What can keep the state from being current: the connection, or one of the two subscriptions. */
export type Source = 'connection' | 'accounts' | 'revocations';

/**
 * Keeps this instance's AccessState current, with @charter/events' InstanceStateSync.
 *
 * At start (before the app listens, so before readiness can be green): note where each
 * subscription will start (right after what the durable consumers have acknowledged), load
 * the projection (contracts, enterprises, users) and the revocation list from PostgreSQL, then subscribe. From then on every
 * event of the two streams is applied to memory by this instance's own ordered consumer, while
 * the shared durable consumers write each event once to PostgreSQL.
 *
 * When the connection or a subscription breaks, the state is no longer known current: this
 * instance re-reads PostgreSQL (which the durable consumers of instances still connected keep
 * writing) every half of ACCESS_STATE_MAX_STALENESS_MS, and once neither an event path nor a
 * successful read is younger than that limit, every request is refused with 503 (fail closed)
 * until a read succeeds again. When everything is attached again, one more read, then current.
 */
@Injectable()
export class AccessStateSync
  implements OnApplicationBootstrap, OnApplicationShutdown, ReadinessCheck
{
  /** Its line in `/health/ready`: down while requests would be refused with 503. */
  readonly name = 'access state';

  private readonly logger = new Logger(AccessStateSync.name);
  private readonly sync: InstanceStateSync;
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    nats: NatsConnection,
    private readonly state: AccessState,
    private readonly projection: AccountProjectionRepository,
    private readonly revocationList: RevocationListRepository,
    private readonly clock: Clock,
    @Inject(RESOURCE_SERVER_SETTINGS) settings: ResourceServerSettings,
    @Optional() metrics?: Metrics,
  ) {
    // The stale-state alert: past ACCESS_STATE_MAX_STALENESS_MS every request is a 503.
    metrics?.observe(
      'charter_access_state_staleness_seconds',
      'Seconds since the in-memory access state was last known current (0 while events keep it)',
      [],
      () => [{ labels: {}, value: this.sync.stalenessMs() / 1000 }],
    );
    metrics?.observe(
      'charter_access_state_max_staleness_seconds',
      'ACCESS_STATE_MAX_STALENESS_MS: past it, requests are refused with 503',
      [],
      () => [{ labels: {}, value: settings.maxStalenessMs / 1000 }],
    );
    this.sync = new InstanceStateSync(nats, {
      label: 'access state',
      subscriptions: [
        {
          source: 'accounts' satisfies Source,
          spec: {
            stream: ACCOUNTS_STREAM,
            filterSubject: 'accounts.>',
            events: PROJECTED_ACCOUNT_EVENTS,
            durableName: settings.accountsDurable,
          },
        },
        {
          source: 'revocations' satisfies Source,
          spec: {
            stream: AUTH_STREAM,
            filterSubject: 'auth.>',
            events: REVOCATION_EVENTS,
            durableName: settings.revocationsDurable,
          },
        },
      ],
      maxStalenessMs: settings.maxStalenessMs,
      apply: (event) => this.apply(event),
      load: () => this.load(),
      logger: this.logger,
    });
  }

  /** Events applied to memory by this instance, and loads from PostgreSQL (tests read them). */
  get counts(): { readonly events: number; readonly loads: number } {
    return this.sync.counts;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sync.start();
    this.pruneTimer = setInterval(() => {
      this.state.pruneRevocations(this.clock.now());
    }, PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.pruneTimer);
    await this.sync.stop();
  }

  /** Readiness follows the same bound as the requests: a load balancer stops sending them here. */
  isReady(): boolean {
    return this.sync.isCurrent();
  }

  /**
   * Throws 503 when the state may be staler than the limit (fail closed): the request path
   * calls this before deciding from memory.
   */
  assertCurrent(): void {
    if (this.sync.isCurrent()) {
      return;
    }
    throw new ProblemException({
      status: 503,
      code: 'access_state_unavailable',
      title: 'Access state unavailable',
      detail:
        'Whether this token is still in force cannot be confirmed right now; try again shortly.',
      headers: { 'retry-after': '1' },
    });
  }

  /** The connection or a subscription stopped delivering: from now on the state ages. */
  markBroken(source: Source, error: unknown): void {
    this.sync.markBroken(source, error);
  }

  /** A source delivers again; once none is broken, one more read and the state is current. */
  markAttached(source: Source): void {
    this.sync.markAttached(source);
  }

  private apply(event: EventEnvelope): void {
    const version = event.aggregate.version;
    if (event.type === 'TokenRevoked') {
      const revoked = event.data as RevokedTokenState;
      this.state.revoke(revoked.id, new Date(revoked.expiresAt), this.clock.now());
      return;
    }
    switch (aggregateOf(event.type)) {
      case 'contract':
        this.state.putContract(contractRow(event.data as ContractState, version));
        break;
      case 'enterprise':
        this.state.putEnterprise(enterpriseRow(event.data as EnterpriseState, version));
        break;
      case 'user':
        this.state.putUser(userRow(event.data as UserState, version));
        break;
      case 'system-account':
        this.state.putClient(
          clientFacts(systemAccountRow(event.data as SystemAccountState, version)),
        );
        break;
    }
  }

  /** Merges the projection into memory (newer versions win either way); throws when PostgreSQL failed. */
  private async load(): Promise<void> {
    const now = this.clock.now();
    const [contracts, enterprises, users, systemAccounts, revoked] = await Promise.all([
      this.projection.allContracts(),
      this.projection.allEnterprises(),
      this.projection.allUsers(),
      this.projection.allSystemAccounts(),
      this.revocationList.unexpired(now),
    ]);
    contracts.forEach((contract) => this.state.putContract(contract));
    enterprises.forEach((enterprise) => this.state.putEnterprise(enterprise));
    users.forEach((user) => this.state.putUser(user));
    systemAccounts.forEach((account) => this.state.putClient(clientFacts(account)));
    revoked.forEach((entry) => this.state.revoke(entry.jti, entry.expiresAt, now));
  }
}
