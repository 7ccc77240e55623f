import { z } from 'zod';
import type { NatsConnection } from '../nats/nats-connection.js';

/** What a consumer sends when it needs a producer's full state again. */
export const SnapshotRequestSchema = z.object({
  /** The durable consumer asking (for the producer's log). */
  requestedBy: z.string().min(1),
  /** `behind`: it fell behind the stream's retention; `rebuild`: a rebuild found the stream's first events gone. */
  reason: z.enum(['behind', 'rebuild', 'operator']),
});
export type SnapshotRequest = z.infer<typeof SnapshotRequestSchema>;

/**
 * The producer's answer, sent once the snapshot is committed to its outbox: every snapshot event
 * carries `snapshotId` as its correlation id, and there are `events` of them.
 */
export const SnapshotReplySchema = z.object({
  snapshotId: z.string().min(1),
  events: z.number().int().nonnegative(),
});
export type SnapshotReply = z.infer<typeof SnapshotReplySchema>;

const SNAPSHOT_REQUEST_TIMEOUT_MS = 30_000;

/** Asks the producer for a snapshot (core NATS request/reply, namespaced); throws when nobody answers. */
export async function requestSnapshot(
  nats: NatsConnection,
  subject: string,
  requestedBy: string,
  reason: SnapshotRequest['reason'],
): Promise<SnapshotReply> {
  const request: SnapshotRequest = { requestedBy, reason };
  const message = await nats.core.request(
    nats.namespace.subject(subject),
    JSON.stringify(request),
    {
      timeout: SNAPSHOT_REQUEST_TIMEOUT_MS,
    },
  );
  const reply = SnapshotReplySchema.safeParse(message.json());
  if (!reply.success) {
    throw new Error(
      `snapshot request to ${subject} answered with something else than a snapshot reply`,
    );
  }
  return reply.data;
}
