import type { Logger } from '@nestjs/common';
import type { EventDefinition } from '../define-event.js';
import type { EventEnvelope } from '../envelope.js';
import { isNotFound, type NatsConnection } from '../nats/nats-connection.js';
import { decodeEvent } from '../security/decode-event.js';
import { SIGNATURE_HEADER } from '../security/event-security.js';

export interface InstanceSubscriptionSpec {
  readonly stream: { readonly name: string; readonly subjects: readonly string[] };
  /** Catalogue subject filter, before namespacing (`accounts.>`). */
  readonly filterSubject: string;
  /**
   * The events handed over; others, and invalid or unverified ones, are passed by: the durable
   * consumer dead-letters those.
   */
  readonly events: ReadonlyMap<string, EventDefinition>;
  /**
   * The service's durable consumer that writes the projection this instance loads at start.
   * Everything it has acknowledged is in the projection; the subscription starts right after.
   */
  readonly durableName: string;
}

const RESTART_DELAY_MS = 500;

/**
 * One instance's own, non-durable view of a stream: a JetStream ordered consumer (no acks,
 * in stream order, recreated by the client after a gap or a reconnect from the last sequence
 * it saw). Every instance has its own, so every instance sees every event; the durable
 * consumer beside it still applies each event once per service to the projection.
 *
 * It starts right after the durable consumer's acknowledged floor, read before the projection
 * is loaded: an event the durable has acknowledged is in the projection, and every later one
 * is delivered here, so none falls between the load and the subscription. (Deliver policy
 * "new" would miss an event published before the subscription but not yet applied by the
 * durable consumer when the projection was read.)
 */
export class InstanceSubscription {
  private nextSequence = 1;
  private stopped = false;
  private loop?: Promise<void>;
  private messages?: { close(): Promise<void | Error> };

  constructor(
    private readonly nats: NatsConnection,
    private readonly spec: InstanceSubscriptionSpec,
    private readonly handlers: {
      readonly event: (event: EventEnvelope) => void;
      /** The subscription failed and will be created again (after a short delay). */
      readonly broken: (error: unknown) => void;
      /** The subscription is (again) attached to the stream. */
      readonly attached: () => void;
    },
    private readonly logger: Logger,
  ) {}

  private get streamName(): string {
    return this.nats.namespace.stream(this.spec.stream.name);
  }

  /** Call before loading the projection: fixes where the subscription will start. */
  async markStart(): Promise<void> {
    await this.nats.ensureStream(this.spec.stream);
    try {
      const info = await this.nats.jetstreamManager.consumers.info(
        this.streamName,
        this.spec.durableName,
      );
      this.nextSequence = info.ack_floor.stream_seq + 1;
    } catch (error) {
      if (!isNotFound(error)) {
        throw error;
      }
      // No durable consumer yet: the projection holds nothing from the stream.
      this.nextSequence = 1;
    }
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close().catch(() => undefined);
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const consumer = await this.nats.jetstream.consumers.get(this.streamName, {
          filter_subjects: this.nats.namespace.subject(this.spec.filterSubject),
          opt_start_seq: this.nextSequence,
        });
        const messages = await consumer.consume({ max_messages: 256, expires: 10_000 });
        this.messages = messages;
        this.handlers.attached();
        void this.watch(messages.status());
        for await (const message of messages) {
          this.nextSequence = message.seq + 1;
          // The same checks as the durable consumer's: an event nothing proves is never applied to memory.
          const decoded = await decodeEvent(
            this.nats.security,
            this.nats.namespace.unprefixed(message.subject),
            message.data,
            message.headers?.get(SIGNATURE_HEADER),
            this.spec.events,
          );
          if (decoded.kind === 'valid') {
            this.handlers.event(decoded.event);
          }
        }
        if (!this.stopped) {
          throw new Error('subscription ended');
        }
      } catch (error) {
        if (this.stopped) {
          return;
        }
        this.logger.warn(
          { err: error, stream: this.streamName },
          'instance subscription broken; recreating',
        );
        this.handlers.broken(error);
        await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
      }
    }
  }

  /**
   * The client recreates an ordered consumer by itself (from the last sequence seen) when
   * heartbeats stop or the server lost it; meanwhile nothing arrives, so say so.
   */
  private async watch(statuses: AsyncIterable<{ type: string }>): Promise<void> {
    try {
      for await (const status of statuses) {
        switch (status.type) {
          case 'heartbeats_missed':
          case 'consumer_not_found':
          case 'consumer_deleted':
          case 'stream_not_found':
          case 'no_responders':
            this.handlers.broken(new Error(status.type));
            break;
          case 'ordered_consumer_recreated':
            this.handlers.attached();
            break;
          default:
            break;
        }
      }
    } catch {
      // The iterator ends with the subscription; run() handles that.
    }
  }
}
