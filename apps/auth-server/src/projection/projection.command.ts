import { NatsConnection, type RebuildResult } from '@charter/events';
import { logCommandToStderr, openDataSource, TransactionRunner } from '@charter/service-kit';
import type { AuthServerConfig } from '../config/auth-server.config.js';
import { authDatabaseOptions } from '../database/database-options.js';
import { AccountEventsConsumer } from './account-events.consumer.js';

export const PROJECTION_COMMANDS = ['projection:rebuild'] as const;
export type ProjectionCommand = (typeof PROJECTION_COMMANDS)[number];

export function isProjectionCommand(value: string | undefined): value is ProjectionCommand {
  return (PROJECTION_COMMANDS as readonly string[]).includes(value ?? '');
}

/**
 * `node dist/main.js projection:rebuild`: empties the account projection and replays the ACCOUNTS
 * stream into it in one transaction, while the servers keep running (see DurableConsumer.rebuild).
 * Prints JSON on stdout.
 */
export async function runProjectionCommand(config: AuthServerConfig): Promise<void> {
  logCommandToStderr();
  const dataSource = await openDataSource(authDatabaseOptions(config));
  const nats = new NatsConnection(config.natsOptions('auth-server-projection-rebuild'));
  try {
    await nats.connect();
    const results: RebuildResult[] = [
      await new AccountEventsConsumer(nats, new TransactionRunner(dataSource)).rebuild(),
    ];
    process.stdout.write(`${JSON.stringify({ rebuilt: results }, null, 2)}\n`);
  } finally {
    await nats.onApplicationShutdown();
    await dataSource.destroy();
  }
}
