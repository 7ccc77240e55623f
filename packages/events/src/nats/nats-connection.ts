import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection as CoreConnection } from '@nats-io/transport-node';
import type { ReadinessCheck } from '@charter/service-kit';
import { EventNamespace } from '../namespace.js';

export interface NatsOptions {
  readonly url: string;
  /** Connection name seen in NATS monitoring, e.g. `auth-server`. */
  readonly name: string;
  readonly namespace: string;
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
  private connection?: CoreConnection;
  private manager?: JetStreamManager;
  private connected = false;
  private readonly logger = new Logger('Nats');

  constructor(private readonly options: NatsOptions) {
    this.namespace = new EventNamespace(options.namespace);
  }

  async connect(): Promise<void> {
    const connection = await connect({
      servers: this.options.url,
      name: this.options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: true,
    });
    this.connection = connection;
    this.connected = true;
    this.manager = await jetstreamManager(connection);
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

  /** Creates the stream (namespaced) or brings its subjects up to date. Safe from every service. */
  async ensureStream(stream: { name: string; subjects: readonly string[] }): Promise<string> {
    const name = this.namespace.stream(stream.name);
    const config: Partial<StreamConfig> & { name: string } = {
      name,
      subjects: stream.subjects.map((subject) => this.namespace.subject(subject)),
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    };
    try {
      await this.jetstreamManager.streams.info(name);
      await this.jetstreamManager.streams.update(name, config);
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
    return name;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.drain().catch(() => undefined);
  }
}

export function isNotFound(error: unknown): boolean {
  return /not found/i.test(String((error as { message?: unknown }).message ?? error));
}
