import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export type ServiceName =
  'auth-server' | 'account-service' | 'content-api' | 'catalog-api' | 'partner-portal';

export interface RunningService {
  readonly name: ServiceName;
  readonly url: string;
  readonly process: ChildProcess;
  /** What the process wrote, for a failing test's message. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a service from its build (`apps/<name>/dist/main.js`) as a child process
 * and waits until `/health/ready` answers 200. `pnpm build` must have run.
 */
export async function startService(
  name: ServiceName,
  port: number,
  env: Record<string, string>,
): Promise<RunningService> {
  const entry = `${REPO_ROOT}apps/${name}/dist/main.js`;
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: run "pnpm build" first`);
  }
  const child = spawn(process.execPath, [entry], {
    cwd: `${REPO_ROOT}apps/${name}`,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const service: RunningService = {
    name,
    url,
    process: child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        await exited;
      }
    },
  };
  try {
    await waitFor(
      `${name} to be ready`,
      async () => {
        if (child.exitCode !== null) {
          throw new Error(`exited with ${child.exitCode}`);
        }
        const response = await fetch(`${url}/health/ready`);
        return response.status === 200;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  } catch (error) {
    await service.stop('SIGKILL');
    throw new Error(`${name} did not become ready: ${(error as Error).message}\n${output}`, {
      cause: error,
    });
  }
  return service;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
