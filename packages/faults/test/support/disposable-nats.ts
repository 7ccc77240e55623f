import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@charter/testing';
import { onProcessExit } from './exit-guard.js';

/**
 * A NATS JetStream server of the test's own (free ports, temporary store
 * directory): stopping it never touches the machine's shared server. `start()`
 * after `stop()` brings it back on the same port with the same store, as a
 * restarted server would come back.
 */
export interface DisposableNats {
  readonly url: string;
  /** The monitoring endpoint (`/jsz`, `/healthz`). */
  readonly monitorUrl: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
  /** Streams and consumers as the server reports them (`/jsz`). */
  jsz(): Promise<JetStreamReport>;
}

export interface JetStreamReport {
  readonly account_details?: ReadonlyArray<{
    stream_detail?: ReadonlyArray<{
      name: string;
      state: { messages: number; first_seq: number; last_seq: number };
      consumer_detail?: ReadonlyArray<{
        name: string;
        num_pending: number;
        num_ack_pending: number;
        num_redelivered: number;
        delivered: { consumer_seq: number; stream_seq: number };
        ack_floor: { consumer_seq: number; stream_seq: number };
      }>;
    }>;
  }>;
}

export async function startNats(): Promise<DisposableNats> {
  const binary =
    process.env.FAULTS_NATS_SERVER ??
    execFileSync('bash', ['-c', 'command -v nats-server']).toString().trim();
  const [port, monitorPort] = [await freePort(), await freePort()];
  const storeDir = mkdtempSync(join(tmpdir(), 'charter-faults-nats-'));
  let child: ChildProcess | undefined;
  let output = '';
  const monitorUrl = `http://127.0.0.1:${monitorPort}`;

  const start = async (): Promise<void> => {
    const server = spawn(
      binary,
      ['-a', '127.0.0.1', '-p', String(port), '-m', String(monitorPort), '-js', '-sd', storeDir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = server;
    const append = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-10_000);
    };
    server.stdout?.on('data', append);
    server.stderr?.on('data', append);
    await waitFor(
      'the disposable NATS to be ready',
      async () => {
        if (server.exitCode !== null) {
          throw new Error(`nats-server exited with ${server.exitCode}: ${output}`);
        }
        return (await fetch(`${monitorUrl}/healthz?js-enabled-only=true`)).status === 200;
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const server = child;
    child = undefined;
    if (!server || server.exitCode !== null || server.signalCode !== null) {
      return;
    }
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    server.kill(signal);
    await exited;
  };

  const removeGuard = onProcessExit(() => {
    child?.kill('SIGKILL');
    rmSync(storeDir, { recursive: true, force: true });
  });

  try {
    await start();
  } catch (error) {
    await stop('SIGKILL');
    rmSync(storeDir, { recursive: true, force: true });
    removeGuard();
    throw error;
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    monitorUrl,
    stop,
    start,
    async destroy() {
      await stop('SIGKILL');
      rmSync(storeDir, { recursive: true, force: true });
      removeGuard();
    },
    async jsz() {
      return (await (
        await fetch(`${monitorUrl}/jsz?streams=true&consumers=true`)
      ).json()) as JetStreamReport;
    },
  };
}
