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
  // A child's output is kept here (output()), never printed: it logs to standard output.
  const { LOG_FILE: _inProcessOnly, ...childEnv } = env;
  const child = spawn(process.execPath, [entry], {
    cwd: `${REPO_ROOT}apps/${name}`,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ...childEnv,
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

export interface ExitedService {
  /** The exit code; null when the process was still running at `timeoutMs` (then killed). */
  readonly code: number | null;
  readonly output: string;
  readonly elapsedMs: number;
}

/**
 * Runs a service from its build until it exits by itself (a start-up that fails), or kills it
 * after `timeoutMs`. For tests of what a service says when it cannot start.
 */
export async function runServiceUntilExit(
  name: ServiceName,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<ExitedService> {
  const entry = `${REPO_ROOT}apps/${name}/dist/main.js`;
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: run "pnpm build" first`);
  }
  const started = Date.now();
  const child = spawn(process.execPath, [entry], {
    cwd: `${REPO_ROOT}apps/${name}`,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) =>
    child.once('exit', (exitCode) => resolve(exitCode)),
  );
  clearTimeout(timer);
  return { code, output, elapsedMs: Date.now() - started };
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
