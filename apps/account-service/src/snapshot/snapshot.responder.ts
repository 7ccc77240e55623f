import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  ACCOUNTS_SNAPSHOT_REQUEST_SUBJECT,
  EventRejected,
  NatsConnection,
  readSnapshotRequest,
  SIGNATURE_HEADER,
  type SnapshotReply,
  signSnapshotReply,
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
 * namespaced): writes the snapshot to the outbox, then replies with its id and event count, signed
 * with this service's event key. A request that is not a snapshot request signed by a service
 * allowed to ask (SNAPSHOT_REQUESTERS) gets `{error}` and writes nothing.
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
    let request;
    try {
      request = await readSnapshotRequest(
        this.nats.security,
        message.data,
        message.headers?.get(SIGNATURE_HEADER),
      );
    } catch (error) {
      const reason = error instanceof EventRejected ? error.message : 'unreadable';
      this.logger.error({ subject: message.subject, reason }, 'snapshot request refused');
      await this.respond(message, { error: 'invalid_request' }, undefined);
      return;
    }
    try {
      await this.respond(message, await this.snapshots.publish(request.requestedBy), request.nonce);
    } catch (error) {
      this.logger.error({ err: error, requestedBy: request.requestedBy }, 'snapshot failed');
      await this.respond(message, { error: 'snapshot_failed' }, request.nonce);
    }
  }

  private async respond(
    message: Msg,
    reply: SnapshotReply | { error: string },
    nonce: string | undefined,
  ): Promise<void> {
    const { data, headers } = await signSnapshotReply(this.nats.security, reply, nonce);
    message.respond(data, { headers });
  }
}
