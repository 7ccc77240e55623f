import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { z } from 'zod';
import type { NatsConnection } from '../nats/nats-connection.js';
import type { EventProducer } from '../security/event-keys.js';
import {
  EventRejected,
  type EventSecurity,
  SIGNATURE_HEADER,
  textBytes,
} from '../security/event-security.js';

/** What a consumer sends when it needs a producer's full state again. */
export const SnapshotRequestSchema = z.object({
  /** The durable consumer asking (for the producer's log). */
  requestedBy: z.string().min(1),
  /** `behind`: it fell behind the stream's retention; `rebuild`: a rebuild found the stream's first events gone. */
  reason: z.enum(['behind', 'rebuild', 'operator']),
  /** Fresh per request and echoed in the signed reply: an old reply replayed does not answer a new request. */
  nonce: z.string().min(8).max(128),
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

/** On the wire the reply also echoes the request's nonce, under the account service's signature. */
const WireSnapshotReplySchema = SnapshotReplySchema.extend({ nonce: z.string().min(1) });

/**
 * Who may ask the account service for a snapshot (each signs its request with its event key): a
 * request is not secret, but each makes the account service write its whole state to the outbox.
 */
export const SNAPSHOT_REQUESTERS: readonly EventProducer[] = ['auth-server', 'content-api'];
/** Who answers: snapshots are the account service's state. */
const SNAPSHOT_PRODUCER: EventProducer = 'account-service';

const SNAPSHOT_REQUEST_TIMEOUT_MS = 30_000;

/** A request or reply body and its signature header. */
async function signed(
  security: EventSecurity,
  body: object,
): Promise<{ data: Uint8Array; headers: MsgHdrs }> {
  const data = textBytes(JSON.stringify(body));
  const headers = natsHeaders();
  headers.set('Content-Type', 'application/json');
  headers.set(SIGNATURE_HEADER, await security.sign(data));
  return { data, headers };
}

function json(data: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(data).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Asks the producer for a snapshot (core NATS request/reply, namespaced), signed with this service's
 * event key; accepts only a reply the account service signed for this request. Throws when nobody
 * answers or the answer is not that.
 */
export async function requestSnapshot(
  nats: NatsConnection,
  subject: string,
  requestedBy: string,
  reason: SnapshotRequest['reason'],
): Promise<SnapshotReply> {
  const request: SnapshotRequest = { requestedBy, reason, nonce: randomUUID() };
  const { data, headers } = await signed(nats.security, request);
  const message = await nats.core.request(nats.namespace.subject(subject), data, {
    timeout: SNAPSHOT_REQUEST_TIMEOUT_MS,
    headers,
  });
  try {
    await nats.security.verify(message.data, message.headers?.get(SIGNATURE_HEADER), [
      SNAPSHOT_PRODUCER,
    ]);
  } catch (error) {
    throw new Error(
      `snapshot request to ${subject} answered without the account service's signature: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const reply = WireSnapshotReplySchema.safeParse(json(message.data));
  if (!reply.success || reply.data.nonce !== request.nonce) {
    throw new Error(
      `snapshot request to ${subject} answered with something else than a snapshot reply`,
    );
  }
  return { snapshotId: reply.data.snapshotId, events: reply.data.events };
}

/** The producer's side: a request some service allowed to ask has signed; throws EventRejected otherwise. */
export async function readSnapshotRequest(
  security: EventSecurity,
  data: Uint8Array,
  signature: string | undefined,
): Promise<SnapshotRequest> {
  await security.verify(data, signature, SNAPSHOT_REQUESTERS);
  const request = SnapshotRequestSchema.safeParse(json(data));
  if (!request.success) {
    throw new EventRejected('not a snapshot request');
  }
  return request.data;
}

/** The producer's signed answer (`reply`, or `{error}`) to the request that carried `nonce`. */
export function signSnapshotReply(
  security: EventSecurity,
  reply: SnapshotReply | { error: string },
  nonce: string | undefined,
): Promise<{ data: Uint8Array; headers: MsgHdrs }> {
  return signed(security, { ...reply, nonce: nonce ?? '' });
}
