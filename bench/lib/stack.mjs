// The stack under test: its own database and event namespace on the local PostgreSQL
// and NATS, the three services as child processes in production mode, the limit
// servers, and one cleanup that undoes all of it (also on Ctrl-C).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// From packages/testing's dependencies: the bench adds none of its own.
const require = createRequire(`${ROOT}packages/testing/package.json`);
const pg = require('pg');
const { connect } = require('@nats-io/transport-node');
const { jetstreamManager } = require('@nats-io/jetstream');

/** freePort, startService, waitFor from @charter/testing (its build). */
export const testing = await import(`${ROOT}packages/testing/dist/index.js`);

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs one query on a database (the bench's own). */
export const query = (url, sql, params = []) =>
  withClient(url, async (client) => (await client.query(sql, params)).rows);

const cleanups = [];
let cleaning;

/** Registers an undo step; `cleanup()` runs them last-in first-out, once. */
export function onCleanup(step) {
  cleanups.push(step);
}

export function cleanup() {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const step = cleanups.pop();
      try {
        await step();
      } catch (error) {
        console.error(`cleanup: ${error.message}`);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the services and dropping the bench database…`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** `charter_bench_<random>` next to the admin database; dropped at cleanup. */
export async function createBenchDatabase(adminUrl) {
  const name = `charter_bench_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  onCleanup(() =>
    withClient(adminUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    ),
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/** A fresh EVENTS_NAMESPACE; its streams are deleted at cleanup. */
export function createBenchNamespace(natsUrl) {
  const prefix = `bench${randomBytes(5).toString('hex')}`;
  onCleanup(async () => {
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
  });
  return prefix;
}

/** Messages of the namespace's streams not yet acknowledged by every durable consumer. */
export async function eventsPending(natsUrl, prefix) {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    let pending = 0;
    for await (const stream of jsm.streams.names()) {
      if (!stream.startsWith(`${prefix}_`)) {
        continue;
      }
      for await (const consumer of jsm.consumers.list(stream)) {
        pending += consumer.num_pending + consumer.num_ack_pending;
      }
    }
    return pending;
  } finally {
    await nc.close();
  }
}

/** Starts a service with startService (waits for /health/ready) and stops it at cleanup. */
export async function startBenchService(name, env, port) {
  port ??= await testing.freePort();
  const service = await testing.startService(name, port, env);
  onCleanup(async () => {
    const killer = setTimeout(() => service.process.kill('SIGKILL'), 5_000);
    await service.stop();
    clearTimeout(killer);
  });
  return {
    name,
    url: service.url,
    pid: service.process.pid,
    port,
    process: service.process,
    output: service.output,
  };
}

/** Starts `bench/limits/<name>.mjs` with its options; resolves once it printed its port. */
export function startLimit(name, options) {
  const child = spawn(process.execPath, [`${ROOT}bench/limits/${name}.mjs`], {
    env: { PATH: process.env.PATH ?? '', BENCH_LIMIT_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  onCleanup(() => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    }
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.once('exit', (code) => reject(new Error(`limit ${name} exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      buffered += chunk.toString();
      const line = buffered.split('\n')[0];
      if (buffered.includes('\n')) {
        const { port } = JSON.parse(line);
        resolve({ name, url: `http://127.0.0.1:${port}`, pid: child.pid, process: child });
      }
    });
  });
}
