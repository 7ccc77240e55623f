import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@charter/testing';
import { onProcessExit } from './exit-guard.js';

const PG_BIN = process.env.FAULTS_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the test's own, on a free port, in a temporary
 * directory: it can be stopped and started again without touching the machine's
 * shared server. As root, the server runs as the `postgres` OS user (initdb
 * refuses root).
 */
export interface DisposablePostgres {
  readonly port: number;
  /** The database the services share (its name holds "test", so @charter/testing may query it). */
  readonly url: string;
  readonly adminUrl: string;
  stop(mode?: 'immediate' | 'fast'): void;
  start(): Promise<void>;
  /** Stops the server and removes its directory; safe to call twice. */
  destroy(): void;
  log(): string;
}

export const DATABASE = 'charter_test';

export async function startPostgres(): Promise<DisposablePostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'charter-faults-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (binary: string, args: string[]): void => {
    const [command, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, binary), ...args]]
      : [join(PG_BIN, binary), args];
    const result = spawnSync(command, argv, { stdio: 'pipe', timeout: 60_000 });
    if (result.status !== 0) {
      throw new Error(
        `${binary} ${args.join(' ')} failed (${result.status}): ${String(result.stderr)}${String(result.stdout)}`,
      );
    }
  };

  let destroyed = false;
  const stop = (mode: 'immediate' | 'fast' = 'fast'): void => {
    if (existsSync(join(dataDir, 'postmaster.pid'))) {
      run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
    }
  };
  const destroy = (): void => {
    if (destroyed) {
      return;
    }
    destroyed = true;
    try {
      stop('immediate');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const removeGuard = onProcessExit(destroy);

  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const start = async (): Promise<void> => {
    // fsync off: the tests crash services and the server, never the OS, so what reaches the
    // kernel survives. synchronous_commit stays on: with it off, an immediate stop loses
    // commits the clients were told about (a first version of fault 3 "lost" events that way).
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`;
    run('pg_ctl', ['-D', dataDir, '-o', options, '-l', logFile, '-w', 'start']);
    await waitFor(
      'the disposable PostgreSQL to accept connections',
      () =>
        spawnSync(join(PG_BIN, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)])
          .status === 0,
      {
        timeoutMs: 30_000,
        intervalMs: 100,
      },
    );
  };

  try {
    run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    await start();
    run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', DATABASE]);
  } catch (error) {
    destroy();
    removeGuard();
    throw error;
  }
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`,
    adminUrl,
    stop,
    start,
    destroy() {
      destroy();
      removeGuard();
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-5_000) : ''),
  };
}
