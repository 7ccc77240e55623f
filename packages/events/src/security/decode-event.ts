import type { EventDefinition } from '../define-event.js';
import { EnvelopeSchema, type EventEnvelope } from '../envelope.js';
import type { EventProducer } from './event-keys.js';
import { EventRejected, type EventSecurity } from './event-security.js';

/**
 * The one service allowed to publish under each subject root (`accounts.…`, `auth.…`): a message
 * there must be signed by it. The NATS permissions say the same (infra/nats/nats.conf).
 */
export const SUBJECT_PRODUCERS: Readonly<Record<string, EventProducer>> = {
  accounts: 'account-service',
  auth: 'auth-server',
  // Every content API signs in the one `content-api` role; NATS lets each publish only its batches.
  usage: 'content-api',
};

export type DecodedEvent =
  | { readonly kind: 'valid'; readonly event: EventEnvelope }
  /** Verified, but not an event this consumer applies. */
  | { readonly kind: 'ignored'; readonly correlationId: string }
  /** `unverified`: no proof it comes from the subject's producer (forged, unsigned, tampered). */
  | { readonly kind: 'invalid'; readonly reason: string; readonly unverified: boolean };

const invalid = (reason: string, unverified = false): DecodedEvent => ({
  kind: 'invalid',
  reason,
  unverified,
});

/**
 * Reads one message of a stream the way every consumer must: first the signature (nothing of an
 * unverified message is read, not even its type), then the envelope (which must name the subject it
 * was published on, so a signed event cannot be replayed under another), then the data, with sealed
 * fields opened when this service is their reader.
 *
 * `subject` is the catalogue subject (namespace removed).
 */
export async function decodeEvent(
  security: EventSecurity,
  subject: string,
  body: Uint8Array,
  signature: string | undefined,
  events: ReadonlyMap<string, EventDefinition>,
): Promise<DecodedEvent> {
  const producer = SUBJECT_PRODUCERS[subject.split('.')[0] ?? ''];
  if (producer === undefined) {
    return invalid(`no producer may publish on ${subject}`, true);
  }
  try {
    await security.verify(body, signature, [producer]);
  } catch (error) {
    if (error instanceof EventRejected) {
      return invalid(`not verified: ${error.message}`, true);
    }
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return invalid('payload is not JSON');
  }
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    return invalid(
      `envelope: ${envelope.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  if (envelope.data.subject !== subject) {
    return invalid(
      `envelope names subject ${envelope.data.subject}, published on ${subject}`,
      true,
    );
  }
  const definition = events.get(envelope.data.type);
  if (!definition) {
    return { kind: 'ignored', correlationId: envelope.data.correlationId };
  }
  if (envelope.data.schemaVersion !== definition.schemaVersion) {
    return invalid(
      `unsupported schemaVersion ${envelope.data.schemaVersion} of ${definition.type}`,
    );
  }
  let opened: unknown;
  try {
    opened = await security.open(envelope.data, definition);
  } catch (error) {
    if (error instanceof EventRejected) {
      return invalid(`sealed fields: ${error.message}`);
    }
    throw error;
  }
  const data = definition.data.safeParse(opened);
  if (!data.success) {
    return invalid(
      `data: ${data.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  const { sealed: _sealed, ...rest } = envelope.data;
  return { kind: 'valid', event: { ...rest, data: data.data } };
}
