import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import {
  connect,
  headers,
  nanos,
  type NatsConnection as CoreConnection,
} from '@nats-io/transport-node';
import {
  DEFAULT_STARTUP_TIMEOUT_MS,
  type ReadinessCheck,
  untilStartupDeadline,
} from '@charter/service-kit';
import { EventNamespace } from '../namespace.js';
import { SUBJECT_PRODUCERS } from '../security/decode-event.js';
import {
  EventSecurity,
  type EventSecurityOptions,
  SIGNATURE_HEADER,
} from '../security/event-security.js';

export interface NatsOptions {
  /**
   * The NATS server, or the members of a cluster (`NATS_URL`, comma-separated there): the client
   * connects to one that answers and reconnects to a survivor when its member goes down.
   */
  readonly url: string | readonly string[];
  /** Connection name seen in NATS monitoring, e.g. `auth-server`. */
  readonly name: string;
  readonly namespace: string;
  /** `num_replicas` of the streams this service creates (`EVENTS_STREAM_REPLICAS`; 1 unless set). */
  readonly streamReplicas?: number;
  /**
   * How long (seconds) event streams keep a message (`EVENTS_STREAM_MAX_AGE`); 0 keeps them forever.
   * A stream declared `keepForever` (the dead letters) ignores it.
   */
  readonly streamMaxAgeSeconds?: number;
  /**
   * This service's NATS credentials (`NATS_USER` / `NATS_PASSWORD`); without them it connects
   * anonymously, which only an open, local-development NATS accepts.
   */
  readonly user?: string;
  readonly password?: string;
  /** Who this service is on the bus and which keys it signs, trusts, seals and opens with. */
  readonly security: EventSecurityOptions;
  /** How long start-up waits for NATS and for each stream (STARTUP_TIMEOUT_MS). */
  readonly startupTimeoutMs?: number;
}

/** A stream a service publishes to or consumes from. */
export interface StreamSpec {
  readonly name: string;
  readonly subjects: readonly string[];
  /** Never ages messages out, whatever `streamMaxAgeSeconds` says (dead letters wait for an operator). */
  readonly keepForever?: boolean;
}

/** Duplicate window for `Nats-Msg-Id`: a publish retried within it is stored once. */
const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

/**
 * The service's one NATS connection. It reconnects forever; readiness reports
 * false while it is disconnected.
 */
@Injectable()
export class NatsConnection implements ReadinessCheck, OnApplicationShutdown {
  readonly name = 'nats';
  readonly namespace: EventNamespace;
  /** Signs what this service publishes, verifies and opens what it consumes. */
  readonly security: EventSecurity;
  private connection?: CoreConnection;
  private manager?: JetStreamManager;
  private connected = false;
  private readonly logger = new Logger('Nats');

  constructor(private readonly options: NatsOptions) {
    this.namespace = new EventNamespace(options.namespace);
    this.security = new EventSecurity(options.security);
  }

  async connect(): Promise<void> {
    // The first connection waits for NATS up to the start-up deadline (one line naming NATS_URL
    // then); once connected, it reconnects forever.
    const connection = await untilStartupDeadline(
      'NATS',
      'NATS_URL',
      this.startupTimeoutMs,
      () =>
        connect({
          servers: typeof this.options.url === 'string' ? this.options.url : [...this.options.url],
          name: this.options.name,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 250,
          waitOnFirstConnect: true,
          ...(this.options.user === undefined
            ? {}
            : { user: this.options.user, pass: this.options.password ?? '' }),
        }),
      { discardLate: (late) => void late.close() },
    );
    this.connection = connection;
    this.connected = true;
    this.manager = await untilStartupDeadline('JetStream', 'NATS_URL', this.startupTimeoutMs, () =>
      jetstreamManager(connection),
    ).catch(async (error: unknown) => {
      await connection.close();
      throw error;
    });
    void this.watchStatus(connection);
  }

  private async watchStatus(connection: CoreConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') {
        this.connected = false;
        this.logger.warn('NATS disconnected; reconnecting');
      } else if (status.type === 'reconnect') {
        this.connected = true;
        this.logger.log('NATS reconnected');
      }
    }
  }

  isReady(): boolean {
    return this.connected && this.connection !== undefined && !this.connection.isClosed();
  }

  get core(): CoreConnection {
    if (!this.connection) {
      throw new Error('NATS is not connected yet');
    }
    return this.connection;
  }

  get jetstream(): JetStreamClient {
    return jetstream(this.core);
  }

  get jetstreamManager(): JetStreamManager {
    if (!this.manager) {
      throw new Error('NATS is not connected yet');
    }
    return this.manager;
  }

  /**
   * Publishes an encoded event (`security.encode`) to JetStream under its catalogue subject
   * (namespaced), with its signature and `Nats-Msg-Id` = `messageId`, so a publish retried within
   * the stream's duplicate window is stored once. Resolves once JetStream stored it.
   */
  async publishEncoded(
    subject: string,
    encoded: { readonly body: Uint8Array; readonly signature: string },
    messageId: string,
  ): Promise<void> {
    const msgHeaders = headers();
    msgHeaders.set('Content-Type', 'application/json');
    msgHeaders.set(SIGNATURE_HEADER, encoded.signature);
    await this.jetstream.publish(this.namespace.subject(subject), encoded.body, {
      msgID: messageId,
      headers: msgHeaders,
    });
  }

  /**
   * Creates the stream (namespaced) or brings its subjects, replicas and age limit up to date
   * (from this service's settings, so every service must be configured alike). Safe from every service.
   * Only the stream's producer (and anyone, for the shared dead-letter stream) updates an existing
   * stream; a consumer creates it when it is not there yet and otherwise leaves it alone, as its
   * NATS permissions require (infra/nats/nats.conf).
   */
  async ensureStream(stream: StreamSpec): Promise<string> {
    const name = this.namespace.stream(stream.name);
    // A stream NATS will not create (JetStream off, no permission) stops start-up with its name.
    await untilStartupDeadline(
      `JetStream stream ${name}`,
      'NATS_URL',
      this.startupTimeoutMs,
      () => this.createOrUpdateStream(name, stream),
      // A closed connection (the service is stopping) will not come back: do not wait for it.
      { isPermanent: () => this.connection?.isClosed() === true },
    );
    return name;
  }

  private get startupTimeoutMs(): number {
    return this.options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
  }

  private async createOrUpdateStream(name: string, stream: StreamSpec): Promise<void> {
    const manages =
      stream.keepForever === true ||
      stream.subjects.every(
        (subject) => SUBJECT_PRODUCERS[subject.split('.')[0] ?? ''] === this.security.service,
      );
    const maxAgeMs = stream.keepForever ? 0 : (this.options.streamMaxAgeSeconds ?? 0) * 1000;
    const config: Partial<StreamConfig> & { name: string } = {
      name,
      subjects: stream.subjects.map((subject) => this.namespace.subject(subject)),
      // JetStream refuses a duplicate window longer than the age limit.
      duplicate_window: nanos(
        maxAgeMs > 0 ? Math.min(DUPLICATE_WINDOW_MS, maxAgeMs) : DUPLICATE_WINDOW_MS,
      ),
      max_age: nanos(maxAgeMs),
      num_replicas: this.options.streamReplicas ?? 1,
    };
    try {
      await this.jetstreamManager.streams.info(name);
      if (manages) {
        await this.jetstreamManager.streams.update(name, config);
      }
    } catch (error) {
      if (!isNotFound(error)) {
        throw error;
      }
      try {
        await this.jetstreamManager.streams.add(config);
      } catch (addError) {
        // Another instance created it at the same moment.
        if (!String(addError).includes('already in use')) {
          throw addError;
        }
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.drain().catch(() => undefined);
  }
}

export function isNotFound(error: unknown): boolean {
  return /not found/i.test(String((error as { message?: unknown }).message ?? error));
}
