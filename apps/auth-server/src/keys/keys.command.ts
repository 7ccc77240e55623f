import { openDataSource, TransactionRunner } from '@charter/service-kit';
import {
  type AuthServerConfig,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
} from '../config/auth-server.config.js';
import { authDatabaseOptions } from '../database/database-options.js';
import { KeyEncryption } from './key-encryption.js';
import { KeyRotation } from './key-rotation.js';
import { isSigningAlgorithm } from './signing-key-policies.js';
import { SigningKeysRepository } from './signing-keys.repository.js';

export const KEYS_COMMANDS = ['keys:rotate', 'keys:list', 'keys:rewrap'] as const;
export type KeysCommand = (typeof KEYS_COMMANDS)[number];

export function isKeysCommand(value: string | undefined): value is KeysCommand {
  return (KEYS_COMMANDS as readonly string[]).includes(value ?? '');
}

/**
 * The options of a keys command: `keys:rotate` takes `--algorithm <alg>` (or
 * `--algorithm=<alg>`) to rotate one algorithm's keys only. Throws on anything else.
 */
export function parseKeysOptions(
  command: KeysCommand,
  args: readonly string[],
): { algorithm: SigningAlgorithm | null } {
  let algorithm: SigningAlgorithm | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const value = arg.startsWith('--algorithm=')
      ? arg.slice('--algorithm='.length)
      : arg === '--algorithm'
        ? args[++i]
        : undefined;
    if (command !== 'keys:rotate' || value === undefined || algorithm !== null) {
      throw new Error(`${command}: unexpected argument ${arg}`);
    }
    if (!isSigningAlgorithm(value)) {
      throw new Error(`--algorithm: must be one of ${SIGNING_ALGORITHMS.join(', ')}`);
    }
    algorithm = value;
  }
  return { algorithm };
}

/**
 * `node dist/main.js keys:rotate [--algorithm RS256|ES256|PS256] | keys:list | keys:rewrap`:
 * operator commands on the signing keys, straight on the database (no HTTP server, no
 * consumers). `keys:rotate` rotates every algorithm's keys unless told one; `keys:rewrap`
 * re-encrypts every stored private key under the current KEYS_ENCRYPTION_KEY. Prints JSON on stdout.
 */
export async function runKeysCommand(
  config: AuthServerConfig,
  command: KeysCommand,
  args: readonly string[] = [],
): Promise<void> {
  const { algorithm } = parseKeysOptions(command, args);
  const dataSource = await openDataSource(authDatabaseOptions(config));
  try {
    const rotation = new KeyRotation(
      config,
      new SigningKeysRepository(),
      new TransactionRunner(dataSource),
      new KeyEncryption(config.keysEncryptionKeys()),
    );
    const now = new Date();
    if (command === 'keys:rewrap') {
      const rewrap = await rotation.rewrap();
      process.stdout.write(`${JSON.stringify(rewrap, null, 2)}\n`);
      if (rewrap.undecryptable.length > 0) {
        throw new Error(
          `keys:rewrap: ${rewrap.undecryptable.length} key(s) open under no KEYS_ENCRYPTION_KEY or KEYS_ENCRYPTION_KEY_PREVIOUS value: ${rewrap.undecryptable.join(', ')}`,
        );
      }
      return;
    }
    const result =
      command === 'keys:rotate'
        ? await rotation.rotate(now, algorithm)
        : { keys: await rotation.list(now) };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await dataSource.destroy();
  }
}
