import {
  ACCOUNTS_STREAM,
  AUTH_STREAM,
  type ContractState,
  type EnterpriseState,
  type EventEnvelope,
  NatsConnection,
  type RevokedTokenState,
  type UserState,
} from '@charter/events';
import { Clock, ProblemException } from '@charter/service-kit';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ContentApiConfig } from '../config/content-api.config.js';
import { ACCOUNT_EVENTS_DURABLE } from '../projection/account-events.consumer.js';
import { AccountProjectionRepository } from '../projection/account-projection.repository.js';
import { aggregateOf, PROJECTED_ACCOUNT_EVENTS } from '../projection/projected-events.js';
import { contractRow, enterpriseRow, userRow } from '../projection/projection-rows.js';
import { RevocationListRepository } from '../revocation/revocation-list.repository.js';
import {
  REVOCATION_EVENTS,
  TOKEN_REVOCATIONS_DURABLE,
} from '../revocation/token-revocations.consumer.js';
import { AccessState } from './domain/access-state.js';
import { InstanceSubscription } from './instance-subscription.js';

const PRUNE_EVERY_MS = 60_000;
const LOAD_RETRY_MS = 500;

/** What can keep the state from being current: the connection, or one of the two subscriptions. */
export type Source = 'connection' | 'accounts' | 'revocations';

/**
 * Keeps this instance's AccessState current.
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
export class AccessStateSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AccessStateSync.name);
  private readonly subscriptions: readonly InstanceSubscription[];
  private readonly broken = new Set<Source>();
  /** Since when (ms) the state has not been known current; undefined while it is. */
  private brokenSince: number | undefined;
  /** When (ms) the last load from PostgreSQL finished. */
  private loadedAt = 0;
  private resyncTimer?: NodeJS.Timeout;
  private pruneTimer?: NodeJS.Timeout;
  private stopped = false;
  /** Logs the first failed load of a streak only (re-reads run every few hundred ms in an outage). */
  private loadFailing = false;
  /** Events applied to memory by this instance (tests read it). */
  readonly counts = { events: 0, loads: 0 };

  constructor(
    private readonly nats: NatsConnection,
    private readonly state: AccessState,
    private readonly projection: AccountProjectionRepository,
    private readonly revocationList: RevocationListRepository,
    private readonly clock: Clock,
    private readonly config: ContentApiConfig,
  ) {
    const handlers = (source: Source) => ({
      event: (event: EventEnvelope) => this.apply(event),
      broken: (error: unknown) => this.markBroken(source, error),
      attached: () => this.markAttached(source),
    });
    this.subscriptions = [
      new InstanceSubscription(
        nats,
        {
          stream: ACCOUNTS_STREAM,
          filterSubject: 'accounts.>',
          events: PROJECTED_ACCOUNT_EVENTS,
          durableName: ACCOUNT_EVENTS_DURABLE,
        },
        handlers('accounts'),
        this.logger,
      ),
      new InstanceSubscription(
        nats,
        {
          stream: AUTH_STREAM,
          filterSubject: 'auth.>',
          events: REVOCATION_EVENTS,
          durableName: TOKEN_REVOCATIONS_DURABLE,
        },
        handlers('revocations'),
        this.logger,
      ),
    ];
  }

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.subscriptions.map((subscription) => subscription.markStart()));
    while (!(await this.load())) {
      await new Promise((resolve) => setTimeout(resolve, LOAD_RETRY_MS));
    }
    for (const subscription of this.subscriptions) {
      subscription.start();
    }
    void this.watchConnection();
    this.pruneTimer = setInterval(() => {
      this.state.pruneRevocations(this.clock.now());
    }, PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pruneTimer);
    clearInterval(this.resyncTimer);
    await Promise.all(this.subscriptions.map((subscription) => subscription.stop()));
  }

  /**
   * Throws 503 when the state may be staler than the limit (fail closed): the request path
   * calls this before deciding from memory. Staleness is elapsed real time (Date.now()), not
   * the business clock that decides validity windows.
   */
  assertCurrent(): void {
    if (this.brokenSince === undefined) {
      return;
    }
    const heardAt = Math.max(this.brokenSince, this.loadedAt);
    if (Date.now() - heardAt <= this.config.ACCESS_STATE_MAX_STALENESS_MS) {
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

  private apply(event: EventEnvelope): void {
    this.counts.events += 1;
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
    }
  }

  /** Merges the projection into memory (newer versions win either way); false when PostgreSQL failed. */
  private async load(): Promise<boolean> {
    try {
      const now = this.clock.now();
      const [contracts, enterprises, users, revoked] = await Promise.all([
        this.projection.allContracts(),
        this.projection.allEnterprises(),
        this.projection.allUsers(),
        this.revocationList.unexpired(now),
      ]);
      contracts.forEach((contract) => this.state.putContract(contract));
      enterprises.forEach((enterprise) => this.state.putEnterprise(enterprise));
      users.forEach((user) => this.state.putUser(user));
      revoked.forEach((entry) => this.state.revoke(entry.jti, entry.expiresAt, now));
      this.loadedAt = Date.now();
      this.counts.loads += 1;
      this.loadFailing = false;
      return true;
    } catch (error) {
      if (!this.loadFailing) {
        this.logger.warn({ err: error }, 'loading the access state from the database failed');
      }
      this.loadFailing = true;
      return false;
    }
  }

  private async watchConnection(): Promise<void> {
    for await (const status of this.nats.core.status()) {
      if (status.type === 'disconnect') {
        this.markBroken('connection', new Error('NATS disconnected'));
      } else if (status.type === 'reconnect') {
        this.markAttached('connection');
      }
    }
  }

  /** The connection or a subscription stopped delivering: from now on the state ages. */
  markBroken(source: Source, error: unknown): void {
    if (this.stopped) {
      return;
    }
    this.broken.add(source);
    if (this.brokenSince === undefined) {
      this.brokenSince = Date.now();
      this.logger.warn(
        { source, err: error },
        'access state no longer kept by events; reading it from the database until they are back',
      );
      this.resyncTimer = setInterval(
        () => void this.resync(),
        Math.max(100, Math.floor(this.config.ACCESS_STATE_MAX_STALENESS_MS / 2)),
      );
      this.resyncTimer.unref();
    }
  }

  /** A source delivers again; once none is broken, one more read and the state is current. */
  markAttached(source: Source): void {
    if (!this.broken.delete(source) || this.broken.size > 0) {
      return;
    }
    void this.resync();
  }

  /** Reads PostgreSQL again; once every source is attached and the read succeeded, the state is current. */
  private async resync(): Promise<void> {
    if (this.brokenSince === undefined || this.stopped) {
      return;
    }
    const loaded = await this.load();
    if (loaded && this.broken.size === 0 && this.brokenSince !== undefined) {
      this.logger.log('access state kept by events again');
      this.brokenSince = undefined;
      clearInterval(this.resyncTimer);
    }
  }
}
