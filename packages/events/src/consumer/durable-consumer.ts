import {
  Inject,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { headers, nanos } from '@nats-io/transport-node';
import {
  type Counter,
  isDependencyUnavailable,
  Metrics,
  type SampleReader,
  type TransactionRunner,
} from '@charter/service-kit';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { EventDefinition } from '../define-event.js';
import type { EventEnvelope } from '../envelope.js';
import { isNotFound, type NatsConnection, type StreamSpec } from '../nats/nats-connection.js';
import { type DecodedEvent, decodeEvent } from '../security/decode-event.js';
import { SIGNATURE_HEADER } from '../security/event-security.js';
import { requestSnapshot, type SnapshotReply } from './snapshot-request.js';

export interface ConsumerSpec {
  /** Shared by every instance of the service, so each event is applied once. */
  readonly durableName: string;
  readonly stream: StreamSpec;
  /** Catalogue subject filter, before namespacing (`accounts.>`). */
  readonly filterSubject: string;
  /** The events this consumer applies; others on the subject are acknowledged and skipped. */
  readonly events: ReadonlyMap<string, EventDefinition>;
  /** Deliveries before an event that keeps failing goes to the dead-letter subject. */
  readonly maxDeliver?: number;
  /** The tables this consumer writes, and only those: `rebuild()` empties them before replaying the stream. */
  readonly projectionTables?: readonly EntityTarget<ObjectLiteral>[];
  /**
   * Catalogue subject of the producer's full-state snapshot request (a core NATS request, outside every
   * stream). Asked when the stream no longer holds events this consumer never applied; without it such
   * a gap is only logged.
   */
  readonly snapshotRequestSubject?: string;
}

/** What `rebuild()` did. */
export interface RebuildResult {
  readonly durableName: string;
  /** The stream's first and last sequence when the replay started. */
  readonly fromSequence: number;
  readonly toSequence: number;
  /** Rows deleted from the projection tables before the replay. */
  readonly deleted: number;
  readonly applied: number;
  readonly ignored: number;
  /** Invalid events passed by (the live consumer dead-lettered them when they arrived). */
  readonly invalid: number;
  /** The snapshot asked for because the stream had lost its first events, if any. */
  readonly snapshot: SnapshotReply | null;
}

/** Thrown inside an apply transaction while a rebuild holds the projection: the event waits, like in an outage. */
class ProjectionRebuilding extends Error {
  constructor() {
    super('projection is being rebuilt');
  }
}

export const DEAD_LETTER_STREAM = {
  name: 'DEADLETTER',
  subjects: ['deadletter.>'],
  keepForever: true,
} as const;
const ACK_WAIT_MS = 30_000;
const RESTART_DELAY_MS = 1_000;
/** How long one pull request waits for messages (see `run`). */
const PULL_EXPIRES_MS = 5_000;
/** How long a rebuild waits for the snapshot it asked for to reach the stream. */
const SNAPSHOT_ARRIVAL_TIMEOUT_MS = 60_000;
const SNAPSHOT_RETRY_MS = 5_000;

export interface ConsumerCounts {
  applied: number;
  ignored: number;
  deadLettered: number;
  failed: number;
  /** Dead-lettered because nothing proved they come from their subject's producer (forged, unsigned, tampered). */
  unverified: number;
}

/**
 * The base of every durable JetStream consumer: parse and validate, apply in one
 * database transaction, acknowledge after commit. Invalid events, and events that
 * keep failing, go to `deadletter.<durable>` with the reason and do not block the rest.
 */
export abstract class DurableConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected abstract readonly spec: ConsumerSpec;
  protected readonly logger = new Logger(this.constructor.name);
  readonly counts: ConsumerCounts = {
    applied: 0,
    ignored: 0,
    deadLettered: 0,
    failed: 0,
    unverified: 0,
  };
  private messages?: ConsumerMessages;
  private stopped = false;
  private loop?: Promise<void>;
  private resync?: Promise<void>;
  /** Snapshots this consumer asked for because it had fallen behind the stream's retention (tests read it). */
  readonly snapshots: SnapshotReply[] = [];
  /** The app's metrics (a property, so the subclasses' constructors stay as they are). */
  @Optional()
  @Inject(Metrics)
  private readonly metrics?: Metrics;
  private instruments?: ConsumerInstruments;
  private readonly pendingReader: SampleReader<'consumer'> = () => this.pending();

  constructor(
    protected readonly nats: NatsConnection,
    protected readonly tx: TransactionRunner,
  ) {}

  /** Applies one valid event inside the transaction; must skip versions it already has. */
  protected abstract apply(event: EventEnvelope, em: EntityManager): Promise<void>;

  async onApplicationBootstrap(): Promise<void> {
    this.instruments = this.metrics && consumerInstruments(this.metrics);
    this.metrics?.observe(
      PENDING_METRIC,
      'Events in the stream not yet delivered to this durable consumer (its lag)',
      ['consumer'],
      this.pendingReader,
    );
    await this.ensureConsumer();
    this.loop = this.run();
  }

  /**
   * Stops before any connection closes (Nest runs every `beforeApplicationShutdown` before the
   * first `onApplicationShutdown`, where the pool and the NATS connection close): the events this
   * instance already received are applied and acknowledged, or given back with a `nak`, instead
   * of failing on a closed pool and waiting out the ack wait (30 s) before another instance may
   * have them.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.metrics?.unobserve(PENDING_METRIC, this.pendingReader);
    this.stopped = true;
    await this.messages?.close().catch(() => undefined);
    await this.loop;
    await this.resync;
  }

  /** The consumer's lag, read from the server at scrape time (shared by every instance). */
  private async pending(): Promise<{ labels: { consumer: string }; value: number }[]> {
    const info = await this.nats.jetstreamManager.consumers.info(
      this.streamName,
      this.spec.durableName,
    );
    return [{ labels: { consumer: this.spec.durableName }, value: info.num_pending }];
  }

  private get streamName(): string {
    return this.nats.namespace.stream(this.spec.stream.name);
  }

  /** Serialises rebuilds with the applies of every instance (shared by applies, exclusive for a rebuild). */
  private get rebuildLockName(): string {
    return `charter:projection:${this.streamName}:${this.spec.durableName}`;
  }

  private async ensureConsumer(): Promise<void> {
    await this.nats.ensureStream(this.spec.stream);
    await this.nats.ensureStream(DEAD_LETTER_STREAM);
    const durable = this.spec.durableName;
    const stream = await this.nats.jetstreamManager.streams.info(this.streamName);
    let ackFloor = 0;
    try {
      ackFloor = (await this.nats.jetstreamManager.consumers.info(this.streamName, durable))
        .ack_floor.stream_seq;
    } catch (error) {
      if (!isNotFound(error)) {
        throw error;
      }
      await this.createDurable();
    }
    // Everything up to the ack floor is applied; if the stream no longer starts right after it, events this
    // consumer never saw have aged out (or the consumer is new on a stream that lost its first events).
    if (stream.state.first_seq > ackFloor + 1) {
      this.fellBehind(ackFloor, stream.state.first_seq);
    }
  }

  private fellBehind(ackFloor: number, firstSequence: number): void {
    const context = { durable: this.spec.durableName, ackFloor, firstSequence };
    if (this.spec.snapshotRequestSubject === undefined) {
      this.logger.error(
        context,
        'events this consumer never applied are no longer in the stream; no snapshot to ask for',
      );
      return;
    }
    this.logger.warn(
      context,
      'events this consumer never applied are no longer in the stream; asking for a snapshot',
    );
    if (this.resync === undefined) {
      this.resync = this.askForSnapshot().finally(() => {
        this.resync = undefined;
      });
    }
  }

  /** Asks until the producer answers: its snapshot events then arrive on the stream like any other. */
  private async askForSnapshot(): Promise<void> {
    while (!this.stopped) {
      try {
        const reply = await requestSnapshot(
          this.nats,
          this.spec.snapshotRequestSubject ?? '',
          this.spec.durableName,
          'behind',
        );
        this.snapshots.push(reply);
        this.logger.log(
          { snapshotId: reply.snapshotId, events: reply.events },
          'snapshot requested',
        );
        return;
      } catch (error) {
        this.logger.warn({ err: error }, 'snapshot request failed; asking again');
        await new Promise((resolve) => setTimeout(resolve, SNAPSHOT_RETRY_MS));
      }
    }
  }

  private async createDurable(): Promise<void> {
    await this.nats.jetstreamManager.consumers.add(this.streamName, {
      durable_name: this.spec.durableName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: this.nats.namespace.subject(this.spec.filterSubject),
      max_deliver: this.spec.maxDeliver ?? 5,
      ack_wait: nanos(ACK_WAIT_MS),
    });
  }

  /**
   * Empties the projection tables and replays the stream from its first message into them, in one
   * transaction: until it commits, every instance keeps reading the old rows (and its memory), and the
   * live consumers of every instance hold their events (an advisory lock they share, the rebuild takes
   * alone), so nothing interleaves. Afterwards the live consumer carries on from where it was; what it
   * then applies that the replay already had is not newer, so it changes nothing.
   *
   * When the stream has lost its first events (age limit), the producer's snapshot is asked for first
   * and the replay runs until every event of that snapshot is in.
   */
  async rebuild(): Promise<RebuildResult> {
    const tables = this.spec.projectionTables ?? [];
    if (tables.length === 0) {
      throw new Error(`${this.spec.durableName} declares no projection tables to rebuild`);
    }
    await this.nats.ensureStream(this.spec.stream);
    await this.nats.ensureStream(DEAD_LETTER_STREAM);
    return this.tx.run(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.rebuildLockName]);
      const { state } = await this.nats.jetstreamManager.streams.info(this.streamName);
      const snapshot =
        state.first_seq > 1 && this.spec.snapshotRequestSubject !== undefined
          ? await requestSnapshot(
              this.nats,
              this.spec.snapshotRequestSubject,
              this.spec.durableName,
              'rebuild',
            )
          : null;
      let deleted = 0;
      for (const table of tables) {
        deleted += (await em.createQueryBuilder().delete().from(table).execute()).affected ?? 0;
      }
      const counts = await this.replay(em, state.last_seq, snapshot);
      return {
        durableName: this.spec.durableName,
        fromSequence: state.first_seq,
        toSequence: state.last_seq,
        deleted,
        ...counts,
        snapshot,
      };
    });
  }

  /** Applies every message of the stream up to `lastSequence` (and every event of `snapshot`) inside `em`. */
  private async replay(
    em: EntityManager,
    lastSequence: number,
    snapshot: SnapshotReply | null,
  ): Promise<{ applied: number; ignored: number; invalid: number }> {
    const counts = { applied: 0, ignored: 0, invalid: 0 };
    let snapshotEventsSeen = 0;
    let reachedEnd = lastSequence === 0;
    const snapshotIn = (): boolean => snapshot === null || snapshotEventsSeen >= snapshot.events;
    const deadline = Date.now() + SNAPSHOT_ARRIVAL_TIMEOUT_MS;
    const consumer = await this.nats.jetstream.consumers.get(this.streamName, {
      filter_subjects: this.nats.namespace.subject(this.spec.filterSubject),
      deliver_policy: DeliverPolicy.All,
    });
    while (!(reachedEnd && snapshotIn())) {
      const batch = await consumer.fetch({ max_messages: 256, expires: 1_000 });
      let received = 0;
      for await (const message of batch) {
        received += 1;
        const parsed = await this.parse(message);
        // Only verified events count towards the snapshot: a forged one cannot end the replay early.
        if (snapshot !== null && correlationOf(parsed) === snapshot.snapshotId) {
          snapshotEventsSeen += 1;
        }
        if (parsed.kind === 'valid') {
          await this.apply(parsed.event, em);
          counts.applied += 1;
        } else {
          counts[parsed.kind] += 1;
        }
        if (message.seq >= lastSequence || message.info.pending === 0) {
          reachedEnd = true;
        }
      }
      if (received === 0) {
        // Nothing more on the filtered subjects now.
        reachedEnd = true;
        if (!snapshotIn() && Date.now() > deadline) {
          throw new Error(
            `snapshot ${snapshot?.snapshotId} did not reach the stream within ${SNAPSHOT_ARRIVAL_TIMEOUT_MS} ms`,
          );
        }
      }
    }
    return counts;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const consumer = await this.nats.jetstream.consumers.get(
          this.streamName,
          this.spec.durableName,
        );
        // A pull request lives `expires`; the server heartbeats it, and two missed heartbeats
        // (about `expires`) make the client pull again. When the consumer's leader goes down in a
        // cluster, the request it held is lost with it: 5 s bounds that stall (the default, 30 s,
        // held every event back for up to half a minute after one member of three died).
        this.messages = await consumer.consume({ max_messages: 64, expires: PULL_EXPIRES_MS });
        for await (const message of this.messages) {
          await this.handle(message);
        }
      } catch (error) {
        if (this.stopped) {
          return;
        }
        this.logger.warn({ err: error }, 'consumer interrupted; restarting');
        this.instruments?.restarts.inc({ consumer: this.spec.durableName });
        await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
        if (this.stopped) {
          return;
        }
        await this.ensureConsumer().catch(() => undefined);
      }
    }
  }

  private async handle(message: JsMsg): Promise<void> {
    const consumer = this.spec.durableName;
    if (message.info.redelivered) {
      this.instruments?.redeliveries.inc({ consumer });
    }
    const parsed = await this.parse(message);
    if (parsed.kind === 'ignored') {
      this.counts.ignored += 1;
      this.instruments?.events.inc({ consumer, outcome: 'ignored' });
      message.ack();
      return;
    }
    if (parsed.kind === 'invalid') {
      if (parsed.unverified) {
        this.counts.unverified += 1;
      }
      await this.deadLetter(message, parsed.reason, parsed.unverified ? 'unverified' : 'invalid');
      return;
    }
    try {
      await this.applyWaitingOutOutages(parsed.event, message);
      message.ack();
      this.counts.applied += 1;
      this.instruments?.events.inc({ consumer, outcome: 'applied' });
    } catch (error) {
      this.counts.failed += 1;
      const maxDeliver = this.spec.maxDeliver ?? 5;
      if (message.info.deliveryCount >= maxDeliver) {
        await this.deadLetter(
          message,
          `failed ${maxDeliver} times: ${String((error as Error).message ?? error)}`,
          'failed',
        );
        return;
      }
      this.logger.warn(
        { err: error, eventId: parsed.event.id },
        'event not applied; will be redelivered',
      );
      message.nak(Math.min(5_000, 200 * 2 ** message.info.deliveryCount));
    }
  }

  /**
   * An outage of the database is no fault of the event: wait it out here (keeping
   * the message ours with `working()`) instead of spending its bounded deliveries,
   * which would send a good event to the dead-letter subject.
   */
  private async applyWaitingOutOutages(event: EventEnvelope, message: JsMsg): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.tx.run(async (em) => {
          const [lock] = await em.query<Array<{ locked: boolean }>>(
            'SELECT pg_try_advisory_xact_lock_shared(hashtext($1)) AS locked',
            [this.rebuildLockName],
          );
          if (!lock?.locked) {
            throw new ProjectionRebuilding();
          }
          await this.apply(event, em);
        });
        return;
      } catch (error) {
        const rebuilding = error instanceof ProjectionRebuilding;
        if (this.stopped || !(rebuilding || isDependencyUnavailable(error))) {
          throw error;
        }
        if (attempt === 0) {
          this.logger.warn(
            { err: error, eventId: event.id },
            rebuilding
              ? 'projection being rebuilt; holding the event until it is done'
              : 'database unavailable; holding the event until it is back',
          );
        }
        message.working();
        await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** attempt)));
      }
    }
  }

  /** Signature first, then envelope and data (see decodeEvent): an unverified event is never applied. */
  private parse(message: JsMsg): Promise<DecodedEvent> {
    return decodeEvent(
      this.nats.security,
      this.nats.namespace.unprefixed(message.subject),
      message.data,
      message.headers?.get(SIGNATURE_HEADER),
      this.spec.events,
    );
  }

  private async deadLetter(message: JsMsg, reason: string, kind: DeadLetterKind): Promise<void> {
    const deadHeaders = headers();
    deadHeaders.set('Charter-Dead-Letter-Reason', reason.slice(0, 1000));
    deadHeaders.set('Charter-Original-Subject', message.subject);
    const signature = message.headers?.get(SIGNATURE_HEADER);
    if (signature) {
      // Kept so an operator can check the dead letter's origin before republishing it.
      deadHeaders.set(SIGNATURE_HEADER, signature);
    }
    await this.nats.jetstream.publish(
      this.nats.namespace.subject(`deadletter.${this.spec.durableName}`),
      message.data,
      { headers: deadHeaders },
    );
    this.counts.deadLettered += 1;
    this.instruments?.deadLetters.inc({ consumer: this.spec.durableName, reason: kind });
    // Subject, sequence and reason only: never the payload (it may hold sealed or forged secrets).
    this.logger.error(
      { subject: message.subject, seq: message.seq, reason },
      'event sent to dead-letter subject',
    );
    message.ack();
  }
}

const PENDING_METRIC = 'charter_events_consumer_pending_messages';

/** Why an event went to the dead-letter subject: a bounded label, the full reason is in its header. */
type DeadLetterKind = 'invalid' | 'unverified' | 'failed';

interface ConsumerInstruments {
  readonly events: Counter<'consumer' | 'outcome'>;
  readonly redeliveries: Counter<'consumer'>;
  readonly deadLetters: Counter<'consumer' | 'reason'>;
  readonly restarts: Counter<'consumer'>;
}

/** The counters every durable consumer of the app shares, one series per durable name. */
function consumerInstruments(metrics: Metrics): ConsumerInstruments {
  return {
    events: metrics.counter(
      'charter_events_consumed_total',
      'Events handled by a durable consumer, by outcome (applied, ignored)',
      ['consumer', 'outcome'],
    ),
    redeliveries: metrics.counter(
      'charter_events_redeliveries_total',
      'Events delivered again to a durable consumer (not acknowledged in time, or refused for a retry)',
      ['consumer'],
    ),
    deadLetters: metrics.counter(
      'charter_events_dead_letters_total',
      'Events a durable consumer sent to the dead-letter subject, by reason (invalid, unverified, failed)',
      ['consumer', 'reason'],
    ),
    restarts: metrics.counter(
      'charter_events_consumer_restarts_total',
      'Times a durable consumer was interrupted and started consuming again',
      ['consumer'],
    ),
  };
}

function correlationOf(parsed: DecodedEvent): string | undefined {
  switch (parsed.kind) {
    case 'valid':
      return parsed.event.correlationId;
    case 'ignored':
      return parsed.correlationId;
    case 'invalid':
      return undefined;
  }
}
