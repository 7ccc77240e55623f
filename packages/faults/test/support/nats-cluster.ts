import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type ServiceName, waitFor } from '@charter/testing';
import { onProcessExit } from './exit-guard.js';

/** The shipped single-server configuration and permissions: each member's file is rendered from them. */
const SHIPPED = fileURLToPath(new URL('../../../../infra/nats/', import.meta.url));

/** Per-run passwords for the users of infra/nats/permissions.conf (given to the servers' environment). */
const PASSWORDS = {
  'account-service': 'cluster-account-service-password',
  'auth-server': 'cluster-auth-server-password',
  'content-api': 'cluster-content-api-password',
  'catalog-api': 'cluster-catalog-api-password',
  operator: 'cluster-operator-password',
} as const;

export interface ClusterNode {
  /** `server_name`, as `/jsz` names the stream leader. */
  readonly name: string;
  readonly url: string;
  readonly monitorUrl: string;
  readonly running: boolean;
  /** kill -9 (default), or SIGTERM for a clean stop; resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same ports and store, as a restarted member comes back. */
  start(): Promise<void>;
}

export interface StreamPlacement {
  readonly leader?: string;
  readonly replicas: ReadonlyArray<{ name: string; current: boolean; offline?: boolean }>;
  readonly messages: number;
  readonly lastSeq: number;
}

/**
 * Three `nats-server` processes clustered on loopback: free ports for clients, routes and
 * monitoring, JetStream on each with a store of its own, `server_name` per member, and the
 * users and permissions of `infra/nats/permissions.conf` (copied as shipped). Each member's
 * configuration is `infra/nats/nats.conf` with the listen addresses and the store replaced,
 * plus `server_name` and the `cluster` block, as `nats-cluster.yaml` builds it; TLS is left out
 * on loopback. The services' stream and subject names are the production ones (no namespace),
 * which the shipped permissions name.
 */
export class NatsCluster {
  readonly namespace = '';

  private constructor(
    readonly nodes: readonly ClusterNode[],
    private readonly dir: string,
    private readonly removeGuard: () => void,
  ) {}

  /**
   * Starts the members; when a port picked as free was taken meanwhile (another process of a
   * busy machine bound it between the pick and the member's bind), starts again on new ports.
   */
  static async start(binary: string, size = 3): Promise<NatsCluster> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await NatsCluster.startOnce(binary, size);
      } catch (error) {
        if (attempt >= 3 || !String((error as Error).message).includes('address already in use')) {
          throw error;
        }
      }
    }
  }

  private static async startOnce(binary: string, size: number): Promise<NatsCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'charter-faults-nats-cluster-'));
    copyFileSync(join(SHIPPED, 'permissions.conf'), join(dir, 'permissions.conf'));
    const shipped = readFileSync(join(SHIPPED, 'nats.conf'), 'utf8');
    const ports: Array<{ client: number; route: number; monitor: number }> = [];
    for (let index = 0; index < size; index += 1) {
      ports.push({ client: await freePort(), route: await freePort(), monitor: await freePort() });
    }
    const children = new Map<string, ChildProcess>();
    const removeGuard = onProcessExit(() => {
      for (const child of children.values()) {
        child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    });
    const nodes = ports.map((port, index) => {
      const name = `n${index}`;
      const store = join(dir, name, 'jetstream');
      mkdirSync(store, { recursive: true });
      const config = join(dir, `${name}.conf`);
      writeFileSync(
        config,
        renderMemberConfig(shipped, {
          name,
          port,
          store,
          routes: ports.filter((other) => other !== port).map((other) => other.route),
        }),
      );
      return new ClusterMember(name, binary, config, port, children);
    });
    const cluster = new NatsCluster(nodes, dir, removeGuard);
    try {
      await Promise.all(nodes.map((node) => node.start()));
      await cluster.waitForMetaLeader();
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
    return cluster;
  }

  /** `NATS_URL` as the services get it: every member, comma-separated. */
  get url(): string {
    return this.nodes.map((node) => node.url).join(',');
  }

  /** The operator's credentials, for the test's own reads of the streams. */
  get readerCredentials(): { user: string; pass: string } {
    return { user: 'operator', pass: PASSWORDS.operator };
  }

  /** Each service connects as its own user, with streams replicated on the three members. */
  serviceEnv(service: ServiceName): Record<string, string> {
    const user = service as keyof typeof PASSWORDS;
    return {
      NATS_URL: this.url,
      EVENTS_NAMESPACE: this.namespace,
      EVENTS_STREAM_REPLICAS: String(this.nodes.length),
      ...(user in PASSWORDS ? { NATS_USER: user, NATS_PASSWORD: PASSWORDS[user] } : {}),
    };
  }

  node(name: string): ClusterNode {
    const node = this.nodes.find((candidate) => candidate.name === name);
    if (!node) {
      throw new Error(`no member ${name}`);
    }
    return node;
  }

  /**
   * Where a stream is and who leads it, as its leader reports it (a follower's `/jsz` may still
   * name a leader that is gone, and shows no lag of the others); without a leader, the state a
   * running member holds and no leader.
   */
  async stream(name: string): Promise<StreamPlacement | undefined> {
    let leaderless: StreamPlacement | undefined;
    for (const node of this.nodes.filter((candidate) => candidate.running)) {
      const report = await fetchJson<Jsz>(
        `${node.monitorUrl}/jsz?streams=true&accounts=true`,
      ).catch(() => undefined);
      for (const account of report?.account_details ?? []) {
        const stream = account.stream_detail?.find((candidate) => candidate.name === name);
        if (!stream) {
          continue;
        }
        const placement = {
          replicas: stream.cluster?.replicas ?? [],
          messages: stream.state.messages,
          lastSeq: stream.state.last_seq,
        };
        if (stream.cluster?.leader === node.name) {
          return { ...placement, leader: node.name };
        }
        leaderless ??= { ...placement, replicas: [] };
      }
    }
    return leaderless;
  }

  /** Waits until the stream has a leader among the running members; its name. */
  async waitForStreamLeader(name: string, timeoutMs = 60_000): Promise<string> {
    return waitFor(
      `stream ${name} to have a leader`,
      async () => {
        return (await this.stream(name))?.leader;
      },
      { timeoutMs, intervalMs: 100 },
    );
  }

  /** Waits until the cluster has elected a JetStream meta leader (the API answers). */
  async waitForMetaLeader(timeoutMs = 60_000): Promise<string> {
    return waitFor(
      'the JetStream meta leader',
      async () => {
        for (const node of this.nodes.filter((candidate) => candidate.running)) {
          const report = await fetchJson<Jsz>(`${node.monitorUrl}/jsz`).catch(() => undefined);
          const leader = report?.meta_cluster?.leader;
          if (leader) {
            return leader;
          }
        }
        return undefined;
      },
      { timeoutMs, intervalMs: 100 },
    );
  }

  async destroy(): Promise<void> {
    await Promise.allSettled(this.nodes.map((node) => node.stop('SIGKILL')));
    rmSync(this.dir, { recursive: true, force: true });
    this.removeGuard();
  }
}

/** `infra/nats/nats.conf` for one member on loopback: fails when the shipped file no longer has a line it replaces. */
export function renderMemberConfig(
  shipped: string,
  member: {
    name: string;
    port: { client: number; monitor: number; route: number };
    store: string;
    routes: readonly number[];
  },
): string {
  const replacements: Array<[RegExp, string]> = [
    [/^listen: .*$/m, `listen: 127.0.0.1:${member.port.client}`],
    [/^http: .*$/m, `http: 127.0.0.1:${member.port.monitor}`],
    [/^(\s*)store_dir: .*$/m, `$1store_dir: "${member.store}"`],
  ];
  let rendered = shipped;
  for (const [pattern, value] of replacements) {
    if (!pattern.test(rendered)) {
      throw new Error(`infra/nats/nats.conf has no line matching ${String(pattern)}`);
    }
    rendered = rendered.replace(pattern, value);
  }
  return [
    `server_name: ${member.name}`,
    rendered,
    'cluster {',
    '  name: charter',
    `  listen: 127.0.0.1:${member.port.route}`,
    `  routes: [${member.routes.map((port) => `nats-route://127.0.0.1:${port}`).join(', ')}]`,
    '  connect_retries: 120',
    '}',
    '',
  ].join('\n');
}

class ClusterMember implements ClusterNode {
  private child?: ChildProcess;
  private output = '';

  constructor(
    readonly name: string,
    private readonly binary: string,
    private readonly config: string,
    private readonly port: { client: number; monitor: number },
    private readonly children: Map<string, ChildProcess>,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port.client}`;
  }

  get monitorUrl(): string {
    return `http://127.0.0.1:${this.port.monitor}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  async start(): Promise<void> {
    const server = spawn(this.binary, ['-c', this.config], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        NATS_ACCOUNT_SERVICE_PASSWORD: PASSWORDS['account-service'],
        NATS_AUTH_SERVER_PASSWORD: PASSWORDS['auth-server'],
        NATS_CONTENT_API_PASSWORD: PASSWORDS['content-api'],
        NATS_CATALOG_API_PASSWORD: PASSWORDS['catalog-api'],
        NATS_OPERATOR_PASSWORD: PASSWORDS.operator,
      },
    });
    this.child = server;
    this.children.set(this.name, server);
    const append = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-10_000);
    };
    server.stdout?.on('data', append);
    server.stderr?.on('data', append);
    await waitFor(
      `NATS member ${this.name} to answer`,
      async () => {
        if (server.exitCode !== null) {
          throw new Error(
            `nats-server ${this.name} exited with ${server.exitCode}: ${this.output}`,
          );
        }
        // Up and JetStream on; the meta group's quorum is the cluster's to wait for.
        return (await fetch(`${this.monitorUrl}/varz`)).status === 200;
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
  }

  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const server = this.child;
    this.child = undefined;
    this.children.delete(this.name);
    if (!server || server.exitCode !== null || server.signalCode !== null) {
      return;
    }
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    server.kill(signal);
    await exited;
  }
}

interface Jsz {
  readonly meta_cluster?: { leader?: string };
  readonly account_details?: ReadonlyArray<{
    stream_detail?: ReadonlyArray<{
      name: string;
      state: { messages: number; last_seq: number };
      cluster?: {
        leader?: string;
        replicas?: ReadonlyArray<{ name: string; current: boolean; offline?: boolean }>;
      };
    }>;
  }>;
}

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  return (await response.json()) as T;
}
