import type { Logger } from '@nestjs/common';
import type { EventEnvelope } from '../envelope.js';
import type { NatsConnection } from '../nats/nats-connection.js';
import { InstanceSubscription, type InstanceSubscriptionSpec } from './instance-subscription.js';

const LOAD_RETRY_MS = 500;

export interface InstanceStateSyncOptions {
  /** What the log lines call this state (`access state`, `account state`). */
  readonly label: string;
  /** The streams whose events keep the state; each name is a source that can break on its own. */
  readonly subscriptions: readonly {
    readonly source: string;
    readonly spec: InstanceSubscriptionSpec;
  }[];
  /**
   * How long (ms) the state may go without events and without a successful `load` before
   * `isCurrent()` answers false (the caller then refuses: fail closed).
   */
  readonly maxStalenessMs: number;
  /** Applies one event (of any of the subscriptions) to memory; must skip versions it already has. */
  readonly apply: (event: EventEnvelope) => void;
  /** Reads the projection from PostgreSQL into memory (newer versions win either way); throws when it cannot. */
  readonly load: () => Promise<void>;
  readonly logger: Logger;
}

/** The NATS connection itself, as a source of `markBroken` / `markAttached`. */
export const CONNECTION_SOURCE = 'connection';

/**
 * Keeps one instance's in-memory copy of a projection current, for any number of instances.
 *
 * At start (call `start()` before the app listens, so before readiness is green): note where each
 * subscription will start (right after what the shared durable consumer has acknowledged), load
 * the projection from PostgreSQL, then subscribe. From then on every event is applied to memory by
 * this instance's own ordered consumer, while the shared durable consumer writes each event once to
 * PostgreSQL.
 *
 * When the connection or a subscription breaks, the state is no longer known current: this instance
 * re-reads PostgreSQL (which the durable consumers of instances still connected keep writing) every
 * half of `maxStalenessMs`, and once neither an event path nor a successful read is younger than that
 * limit, `isCurrent()` is false until a read succeeds again. When everything is attached again, one
 * more read, then current.
 */
export class InstanceStateSync {
  private readonly subscriptions: readonly InstanceSubscription[];
  private readonly broken = new Set<string>();
  /** Since when (ms) the state has not been known current; undefined while it is. */
  private brokenSince: number | undefined;
  /** When (ms) the last load from PostgreSQL finished. */
  private loadedAt = 0;
  private resyncTimer?: NodeJS.Timeout;
  private stopped = false;
  /** Logs the first failed load of a streak only (re-reads run every few hundred ms in an outage). */
  private loadFailing = false;
  /** Events applied to memory by this instance, and loads from PostgreSQL (tests read them). */
  readonly counts = { events: 0, loads: 0 };

  constructor(
    private readonly nats: NatsConnection,
    private readonly options: InstanceStateSyncOptions,
  ) {
    this.subscriptions = options.subscriptions.map(
      ({ source, spec }) =>
        new InstanceSubscription(
          nats,
          spec,
          {
            event: (event) => {
              this.counts.events += 1;
              options.apply(event);
            },
            broken: (error) => this.markBroken(source, error),
            attached: () => this.markAttached(source),
          },
          options.logger,
        ),
    );
  }

  /** Fixes where the subscriptions start, loads PostgreSQL (retrying until it answers), subscribes. */
  async start(): Promise<void> {
    await Promise.all(this.subscriptions.map((subscription) => subscription.markStart()));
    while (!(await this.load())) {
      await new Promise((resolve) => setTimeout(resolve, LOAD_RETRY_MS));
    }
    for (const subscription of this.subscriptions) {
      subscription.start();
    }
    void this.watchConnection();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.resyncTimer);
    await Promise.all(this.subscriptions.map((subscription) => subscription.stop()));
  }

  /**
   * False when the state may be staler than the limit: the caller refuses rather than decide from it.
   * Staleness is elapsed real time (Date.now()), not a business clock.
   */
  isCurrent(): boolean {
    if (this.brokenSince === undefined) {
      return true;
    }
    const heardAt = Math.max(this.brokenSince, this.loadedAt);
    return Date.now() - heardAt <= this.options.maxStalenessMs;
  }

  /** Milliseconds since the state was last known current (0 while events keep it). */
  stalenessMs(): number {
    if (this.brokenSince === undefined) {
      return 0;
    }
    return Math.max(0, Date.now() - Math.max(this.brokenSince, this.loadedAt));
  }

  /** The connection or a subscription stopped delivering: from now on the state ages. */
  markBroken(source: string, error: unknown): void {
    if (this.stopped) {
      return;
    }
    this.broken.add(source);
    if (this.brokenSince === undefined) {
      this.brokenSince = Date.now();
      this.options.logger.warn(
        { source, err: error },
        `${this.options.label} no longer kept by events; reading it from the database until they are back`,
      );
      this.resyncTimer = setInterval(
        () => void this.resync(),
        Math.max(100, Math.floor(this.options.maxStalenessMs / 2)),
      );
      this.resyncTimer.unref();
    }
  }

  /** A source delivers again; once none is broken, one more read and the state is current. */
  markAttached(source: string): void {
    if (!this.broken.delete(source) || this.broken.size > 0) {
      return;
    }
    void this.resync();
  }

  private async load(): Promise<boolean> {
    try {
      await this.options.load();
      this.loadedAt = Date.now();
      this.counts.loads += 1;
      this.loadFailing = false;
      return true;
    } catch (error) {
      if (!this.loadFailing && !this.stopped) {
        this.options.logger.warn(
          { err: error },
          `loading the ${this.options.label} from the database failed`,
        );
      }
      this.loadFailing = true;
      return false;
    }
  }

  private async watchConnection(): Promise<void> {
    for await (const status of this.nats.core.status()) {
      if (status.type === 'disconnect') {
        this.markBroken(CONNECTION_SOURCE, new Error('NATS disconnected'));
      } else if (status.type === 'reconnect') {
        this.markAttached(CONNECTION_SOURCE);
      }
    }
  }

  /** Reads PostgreSQL again; once every source is attached and the read succeeded, the state is current. */
  private async resync(): Promise<void> {
    if (this.brokenSince === undefined || this.stopped) {
      return;
    }
    const loaded = await this.load();
    if (loaded && this.broken.size === 0 && this.brokenSince !== undefined) {
      this.options.logger.log(`${this.options.label} kept by events again`);
      this.brokenSince = undefined;
      clearInterval(this.resyncTimer);
    }
  }
}
