import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers } from '@nats-io/transport-node';

export interface StoredEvent {
  readonly subject: string;
  readonly payload: Record<string, unknown>;
}

/** Every message stored in a namespaced stream so far (for asserting on published events). */
export async function readStream(natsUrl: string, namespace: string, stream: string): Promise<StoredEvent[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const name = `${namespace}_${stream}`;
    const info = await jsm.streams.info(name).catch(() => undefined);
    if (!info || info.state.messages === 0) {
      return [];
    }
    const events: StoredEvent[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
      const message = await jsm.streams.getMessage(name, { seq }).catch(() => null);
      if (message) {
        events.push({ subject: message.subject, payload: message.json() });
      }
    }
    return events;
  } finally {
    await nc.close();
  }
}

/** Publishes an event envelope as the account service would (for feeding a consumer under test). */
export async function publishToStream(natsUrl: string, subject: string, payload: object, msgId?: string): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const js = jetstream(nc);
    const msgHeaders = headers();
    msgHeaders.set('Content-Type', 'application/json');
    await js.publish(subject, JSON.stringify(payload), { headers: msgHeaders, ...(msgId ? { msgID: msgId } : {}) });
  } finally {
    await nc.close();
  }
}
