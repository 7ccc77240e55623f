import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  ACCOUNTS_SNAPSHOT_REQUEST_SUBJECT,
  NatsConnection,
  SnapshotRequestSchema,
} from '@charter/events';
import { SnapshotService } from './snapshot.service.js';

/** One instance of the service answers each request (queue group), so a request writes one snapshot. */
const QUEUE_GROUP = 'account-service';

type Subscription = ReturnType<NatsConnection['core']['subscribe']>;
type Msg = Parameters<
  NonNullable<NonNullable<Parameters<NatsConnection['core']['subscribe']>[1]>['callback']>
>[1];

/**
 * Answers consumers' snapshot requests (core NATS request/reply on `requests.accounts.snapshot`,
 * namespaced): writes the snapshot to the outbox, then replies with its id and event count. A
 * request that is not a snapshot request gets `{error}` and writes nothing.
 */
@Injectable()
export class SnapshotResponder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SnapshotResponder');
  private subscription?: Subscription;

  constructor(
    private readonly nats: NatsConnection,
    private readonly snapshots: SnapshotService,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.nats.core.subscribe(
      this.nats.namespace.subject(ACCOUNTS_SNAPSHOT_REQUEST_SUBJECT),
      {
        queue: QUEUE_GROUP,
        callback: (error, message) => {
          if (error === null) {
            void this.answer(message);
          }
        },
      },
    );
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }

  private async answer(message: Msg): Promise<void> {
    let body: unknown;
    try {
      body = message.json();
    } catch {
      body = undefined;
    }
    const request = SnapshotRequestSchema.safeParse(body);
    if (!request.success) {
      message.respond(JSON.stringify({ error: 'invalid_request' }));
      return;
    }
    try {
      const reply = await this.snapshots.publish(request.data.requestedBy);
      message.respond(JSON.stringify(reply));
    } catch (error) {
      this.logger.error({ err: error, requestedBy: request.data.requestedBy }, 'snapshot failed');
      message.respond(JSON.stringify({ error: 'snapshot_failed' }));
    }
  }
}
