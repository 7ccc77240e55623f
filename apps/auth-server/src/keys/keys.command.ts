import { openDataSource, TransactionRunner } from '@charter/service-kit';
import type { AuthServerConfig } from '../config/auth-server.config.js';
import { authDatabaseOptions } from '../database/database-options.js';
import { KeyEncryption } from './key-encryption.js';
import { KeyRotation } from './key-rotation.js';
import { SigningKeysRepository } from './signing-keys.repository.js';

export const KEYS_COMMANDS = ['keys:rotate', 'keys:list'] as const;
export type KeysCommand = (typeof KEYS_COMMANDS)[number];

export function isKeysCommand(value: string | undefined): value is KeysCommand {
  return (KEYS_COMMANDS as readonly string[]).includes(value ?? '');
}

/**
 * `node dist/main.js keys:rotate | keys:list`: operator commands on the signing keys,
 * straight on the database (no HTTP server, no consumers). Prints JSON on stdout.
 */
export async function runKeysCommand(
  config: AuthServerConfig,
  command: KeysCommand,
): Promise<void> {
  const dataSource = await openDataSource(authDatabaseOptions(config));
  try {
    const rotation = new KeyRotation(
      config,
      new SigningKeysRepository(),
      new TransactionRunner(dataSource),
      new KeyEncryption(config.KEYS_ENCRYPTION_KEY),
    );
    const now = new Date();
    const result =
      command === 'keys:rotate' ? await rotation.rotate(now) : { keys: await rotation.list(now) };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await dataSource.destroy();
  }
}
