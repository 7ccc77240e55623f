import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { headers, nanos } from '@nats-io/transport-node';
import { isDependencyUnavailable, type TransactionRunner } from '@charter/service-kit';
import type { EntityManager } from 'typeorm';
import type { EventDefinition } from '../define-event.js';
import { EnvelopeSchema, type EventEnvelope } from '../envelope.js';
import { isNotFound, type NatsConnection } from '../nats/nats-connection.js';

export interface ConsumerSpec {
  /** Shared by every instance of the service, so each event is applied once. */
  readonly durableName: string;
  readonly stream: { readonly name: string; readonly subjects: readonly string[] };
  /** Catalogue subject filter, before namespacing (`accounts.>`). */
  readonly filterSubject: string;
  /** The events this consumer applies; others on the subject are acknowledged and skipped. */
  readonly events: ReadonlyMap<string, EventDefinition>;
  /** Deliveries before an event that keeps failing goes to the dead-letter subject. */
  readonly maxDeliver?: number;
}

export const DEAD_LETTER_STREAM = { name: 'DEADLETTER', subjects: ['deadletter.>'] } as const;
const ACK_WAIT_MS = 30_000;
const RESTART_DELAY_MS = 1_000;

export interface ConsumerCounts {
  applied: number;
  ignored: number;
  deadLettered: number;
  failed: number;
}

/**
 * The base of every durable JetStream consumer: parse and validate, apply in one
 * database transaction, acknowledge after commit. Invalid events, and events that
 * keep failing, go to `deadletter.<durable>` with the reason and do not block the rest.
 */
export abstract class DurableConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly spec: ConsumerSpec;
  protected readonly logger = new Logger(this.constructor.name);
  readonly counts: ConsumerCounts = { applied: 0, ignored: 0, deadLettered: 0, failed: 0 };
  private messages?: ConsumerMessages;
  private stopped = false;
  private loop?: Promise<void>;

  constructor(
    protected readonly nats: NatsConnection,
    protected readonly tx: TransactionRunner,
  ) {}

  /** Applies one valid event inside the transaction; must skip versions it already has. */
  protected abstract apply(event: EventEnvelope, em: EntityManager): Promise<void>;

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureConsumer();
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.messages?.close().catch(() => undefined);
    await this.loop;
  }

  private get streamName(): string {
    return this.nats.namespace.stream(this.spec.stream.name);
  }

  private async ensureConsumer(): Promise<void> {
    await this.nats.ensureStream(this.spec.stream);
    await this.nats.ensureStream(DEAD_LETTER_STREAM);
    const durable = this.spec.durableName;
    try {
      await this.nats.jetstreamManager.consumers.info(this.streamName, durable);
    } catch (error) {
      if (!isNotFound(error)) {
        throw error;
      }
      await this.nats.jetstreamManager.consumers.add(this.streamName, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: this.nats.namespace.subject(this.spec.filterSubject),
        max_deliver: this.spec.maxDeliver ?? 5,
        ack_wait: nanos(ACK_WAIT_MS),
      });
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const consumer = await this.nats.jetstream.consumers.get(this.streamName, this.spec.durableName);
        this.messages = await consumer.consume({ max_messages: 64 });
        for await (const message of this.messages) {
          await this.handle(message);
        }
      } catch (error) {
        if (this.stopped) {
          return;
        }
        this.logger.warn({ err: error }, 'consumer interrupted; restarting');
        await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
        await this.ensureConsumer().catch(() => undefined);
      }
    }
  }

  private async handle(message: JsMsg): Promise<void> {
    const parsed = this.parse(message);
    if (parsed.kind === 'ignored') {
      this.counts.ignored += 1;
      message.ack();
      return;
    }
    if (parsed.kind === 'invalid') {
      await this.deadLetter(message, parsed.reason);
      return;
    }
    try {
      await this.applyWaitingOutOutages(parsed.event, message);
      message.ack();
      this.counts.applied += 1;
    } catch (error) {
      this.counts.failed += 1;
      const maxDeliver = this.spec.maxDeliver ?? 5;
      if (message.info.deliveryCount >= maxDeliver) {
        await this.deadLetter(message, `failed ${maxDeliver} times: ${String((error as Error).message ?? error)}`);
        return;
      }
      this.logger.warn({ err: error, eventId: parsed.event.id }, 'event not applied; will be redelivered');
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
        await this.tx.run((em) => this.apply(event, em));
        return;
      } catch (error) {
        if (this.stopped || !isDependencyUnavailable(error)) {
          throw error;
        }
        if (attempt === 0) {
          this.logger.warn({ err: error, eventId: event.id }, 'database unavailable; holding the event until it is back');
        }
        message.working();
        await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** attempt)));
      }
    }
  }

  private parse(message: JsMsg): { kind: 'valid'; event: EventEnvelope } | { kind: 'ignored' } | { kind: 'invalid'; reason: string } {
    let raw: unknown;
    try {
      raw = message.json();
    } catch {
      return { kind: 'invalid', reason: 'payload is not JSON' };
    }
    const envelope = EnvelopeSchema.safeParse(raw);
    if (!envelope.success) {
      return { kind: 'invalid', reason: `envelope: ${envelope.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` };
    }
    const definition = this.spec.events.get(envelope.data.type);
    if (!definition) {
      return { kind: 'ignored' };
    }
    if (envelope.data.schemaVersion !== definition.schemaVersion) {
      return { kind: 'invalid', reason: `unsupported schemaVersion ${envelope.data.schemaVersion} of ${definition.type}` };
    }
    const data = definition.data.safeParse(envelope.data.data);
    if (!data.success) {
      return { kind: 'invalid', reason: `data: ${data.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` };
    }
    return { kind: 'valid', event: { ...envelope.data, data: data.data } };
  }

  private async deadLetter(message: JsMsg, reason: string): Promise<void> {
    const deadHeaders = headers();
    deadHeaders.set('Charter-Dead-Letter-Reason', reason.slice(0, 1000));
    deadHeaders.set('Charter-Original-Subject', message.subject);
    await this.nats.jetstream.publish(this.nats.namespace.subject(`deadletter.${this.spec.durableName}`), message.data, { headers: deadHeaders });
    this.counts.deadLettered += 1;
    this.logger.error({ subject: message.subject, reason }, 'event sent to dead-letter subject');
    message.ack();
  }
}
