import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers } from '@nats-io/transport-node';

export interface StoredEvent {
  readonly subject: string;
  readonly payload: Record<string, unknown>;
  /** The message's headers (first value of each). */
  readonly headers: Readonly<Record<string, string>>;
}

/** Every message stored in a namespaced stream so far (for asserting on published events). */
export async function readStream(
  natsUrl: string,
  namespace: string,
  stream: string,
  credentials: { user?: string; pass?: string } = {},
): Promise<StoredEvent[]> {
  // A cluster's members, comma-separated, as NATS_URL holds them.
  const nc = await connect({ servers: natsUrl.split(','), ...credentials });
  try {
    const jsm = await jetstreamManager(nc);
    const name = namespace === '' ? stream : `${namespace}_${stream}`;
    const info = await jsm.streams.info(name).catch(() => undefined);
    if (!info || info.state.messages === 0) {
      return [];
    }
    const events: StoredEvent[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
      const message = await jsm.streams.getMessage(name, { seq }).catch(() => null);
      if (message) {
        const stored: Record<string, string> = {};
        for (const [name] of message.header ?? []) {
          stored[name] = message.header?.get(name) ?? '';
        }
        events.push({ subject: message.subject, payload: message.json(), headers: stored });
      }
    }
    return events;
  } finally {
    await nc.close();
  }
}

/**
 * Publishes a message into a stream (for feeding a consumer under test): an object is sent as its
 * JSON, bytes as they are; `extraHeaders` adds headers (an event's signature, for instance).
 */
export async function publishToStream(
  natsUrl: string,
  subject: string,
  payload: object | Uint8Array,
  msgId?: string,
  extraHeaders: Readonly<Record<string, string>> = {},
): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const js = jetstream(nc);
    const msgHeaders = headers();
    msgHeaders.set('Content-Type', 'application/json');
    for (const [name, value] of Object.entries(extraHeaders)) {
      msgHeaders.set(name, value);
    }
    const body = payload instanceof Uint8Array ? payload : JSON.stringify(payload);
    await js.publish(subject, body, { headers: msgHeaders, ...(msgId ? { msgID: msgId } : {}) });
  } finally {
    await nc.close();
  }
}
