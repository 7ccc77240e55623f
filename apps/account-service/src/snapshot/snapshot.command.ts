import { OutboxWriter } from '@charter/events';
import {
  logCommandToStderr,
  openDataSource,
  SystemClock,
  TransactionRunner,
} from '@charter/service-kit';
import type { AccountServiceConfig } from '../config/account-service.config.js';
import { accountDatabaseOptions } from '../database/database-options.js';
import { SystemAccountsRepository } from '../system-accounts/system-accounts.repository.js';
import { SnapshotRepository } from './snapshot.repository.js';
import { SnapshotService } from './snapshot.service.js';

export const SNAPSHOT_COMMANDS = ['snapshot:publish'] as const;
export type SnapshotCommand = (typeof SNAPSHOT_COMMANDS)[number];

export function isSnapshotCommand(value: string | undefined): value is SnapshotCommand {
  return (SNAPSHOT_COMMANDS as readonly string[]).includes(value ?? '');
}

/**
 * `node dist/main.js snapshot:publish`: writes a full-state snapshot to the outbox, straight on the
 * database; a running instance's relay publishes it (within its poll interval). Prints JSON on stdout.
 */
export async function runSnapshotCommand(config: AccountServiceConfig): Promise<void> {
  logCommandToStderr();
  const dataSource = await openDataSource(accountDatabaseOptions(config));
  try {
    const service = new SnapshotService(
      new TransactionRunner(dataSource),
      new SnapshotRepository(new SystemAccountsRepository(dataSource)),
      new OutboxWriter(),
      new SystemClock(),
    );
    process.stdout.write(`${JSON.stringify(await service.publish('operator'), null, 2)}\n`);
  } finally {
    await dataSource.destroy();
  }
}
