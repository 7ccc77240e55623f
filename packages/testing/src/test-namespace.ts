import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

export interface TestNamespace {
  /** Prefix for streams (`<prefix>_ACCOUNTS`) and subjects (`<prefix>.accounts.…`). */
  readonly prefix: string;
  /** Deletes every stream this run created. */
  cleanup(): Promise<void>;
}

export function createTestNamespace(natsUrl: string): TestNamespace {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  return {
    prefix,
    async cleanup() {
      const nc = await connect({ servers: natsUrl });
      try {
        const jsm = await jetstreamManager(nc);
        for await (const name of jsm.streams.names()) {
          if (name.startsWith(`${prefix}_`)) {
            await jsm.streams.delete(name);
          }
        }
      } finally {
        await nc.close();
      }
    },
  };
}
