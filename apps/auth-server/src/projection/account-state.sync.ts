import {
  ACCOUNT_EVENTS,
  ACCOUNTS_STREAM,
  ContentApiRegistered,
  type ContentApiState,
  ContractCreated,
  type ContractState,
  EnterpriseCreated,
  type EnterpriseState,
  type EventEnvelope,
  InstanceStateSync,
  NatsConnection,
  SystemAccountCreated,
  type SystemAccountState,
  UserCreated,
  type UserState,
} from '@charter/events';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AuthServerConfig } from '../config/auth-server.config.js';
import {
  ACCOUNT_EVENTS_DURABLE,
  clientRow,
  contentApiRow,
  contractRow,
  enterpriseRow,
  userRow,
} from './account-events.consumer.js';
import { AccountState } from './account-state.js';
import { AccountStateUnavailable } from './account-state.errors.js';
import { ProjectionSnapshotRepository } from './projection-snapshot.repository.js';

/**
 * Keeps this instance's AccountState current, so that a token request reads no database row
 * (ARCHITECTURE: the authorization server decides from its own projection).
 *
 * At start (before the app listens): note where the subscription will start (right after what
 * the shared durable consumer AccountEventsConsumer has acknowledged), load the projection from
 * PostgreSQL, then apply every later account event through this instance's own ordered consumer.
 * The durable consumer still writes each event once to PostgreSQL, for every instance to load.
 *
 * When the connection or the subscription breaks, this instance re-reads PostgreSQL every half of
 * ACCOUNT_STATE_MAX_STALENESS_MS; once neither events nor a read are younger than that, `current()`
 * throws AccountStateUnavailable (503 `temporarily_unavailable`) until a read succeeds again:
 * a token is never issued from a state that may miss a suspension or a revoked secret.
 */
@Injectable()
export class AccountStateSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AccountStateSync.name);
  private readonly sync: InstanceStateSync;

  constructor(
    nats: NatsConnection,
    private readonly state: AccountState,
    private readonly snapshot: ProjectionSnapshotRepository,
    config: AuthServerConfig,
  ) {
    this.sync = new InstanceStateSync(nats, {
      label: 'account state',
      subscriptions: [
        {
          source: 'accounts',
          spec: {
            stream: ACCOUNTS_STREAM,
            filterSubject: 'accounts.>',
            events: ACCOUNT_EVENTS,
            durableName: ACCOUNT_EVENTS_DURABLE,
          },
        },
      ],
      maxStalenessMs: config.ACCOUNT_STATE_MAX_STALENESS_MS,
      apply: (event) => applyAccountEvent(this.state, event),
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
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sync.stop();
  }

  /** The state to decide from; throws AccountStateUnavailable when it may be staler than the limit. */
  current(): AccountState {
    if (!this.sync.isCurrent()) {
      throw new AccountStateUnavailable();
    }
    return this.state;
  }

  /** The connection or the subscription stopped delivering (tests and the sync itself call it). */
  markBroken(source: 'connection' | 'accounts', error: unknown): void {
    this.sync.markBroken(source, error);
  }

  markAttached(source: 'connection' | 'accounts'): void {
    this.sync.markAttached(source);
  }

  /** Merges the projection into memory (newer versions win either way). */
  private async load(): Promise<void> {
    const snapshot = await this.snapshot.read();
    snapshot.clients.forEach((row) => this.state.putClient(row));
    snapshot.enterprises.forEach((row) => this.state.putEnterprise(row));
    snapshot.contracts.forEach((row) => this.state.putContract(row));
    snapshot.contentApis.forEach((row) => this.state.putContentApi(row));
    snapshot.users.forEach((row) => this.state.putUser(row));
  }
}

/**
 * The same projection as AccountEventsConsumer writes, in memory: by the aggregate type the
 * event's catalogue definition declares, each event carrying its aggregate's whole new state.
 */
export function applyAccountEvent(state: AccountState, event: EventEnvelope): void {
  const version = event.aggregate.version;
  switch (ACCOUNT_EVENTS.get(event.type)?.aggregateType ?? '') {
    case SystemAccountCreated.aggregateType:
      state.putClient(clientRow(event.data as SystemAccountState, version));
      return;
    case ContractCreated.aggregateType:
      state.putContract(contractRow(event.data as ContractState, version));
      return;
    case EnterpriseCreated.aggregateType:
      state.putEnterprise(enterpriseRow(event.data as EnterpriseState, version));
      return;
    case ContentApiRegistered.aggregateType:
      state.putContentApi(contentApiRow(event.data as ContentApiState, version));
      return;
    case UserCreated.aggregateType:
      state.putUser(userRow(event.data as UserState, version));
      return;
    default:
      return;
  }
}
