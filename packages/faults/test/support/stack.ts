import {
  freePort,
  type RunningService,
  type ServiceName,
  startService,
  waitFor,
} from '@charter/testing';
import { type DisposableNats, startNats } from './disposable-nats.js';
import { type DisposablePostgres, startPostgres } from './disposable-postgres.js';
import { onProcessExit } from './exit-guard.js';

export const ADMIN_CLIENT_ID = 'charter-admin';
export const ADMIN_CLIENT_SECRET = 'faults-admin-secret-0123456789abcdefghijklmnop';
export const ACCOUNTS_AUDIENCE = 'http://localhost:3001';
export const CONTENT_AUDIENCE = 'http://localhost:3002';
/** Not empty, so @charter/testing's readStream finds `faults_ACCOUNTS`. */
export const NAMESPACE = 'faults';

/** The NATS the services use: one disposable server, or a cluster (`nats-cluster.ts`). */
export interface EventBus {
  /** `NATS_URL` (a cluster's members comma-separated). */
  readonly url: string;
  /** The event namespace the services get (`NAMESPACE` unless the bus says otherwise). */
  readonly namespace?: string;
  /** For the test's own reads of the streams, on a NATS that has users. */
  readonly readerCredentials?: { user: string; pass: string };
  /** What a service needs beyond the stack's variables (its NATS user, stream replicas). */
  serviceEnv?(service: ServiceName): Record<string, string>;
  destroy(): Promise<void>;
}

export interface JsonResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly text: string;
}

/**
 * Charter on infrastructure of the test's own: a disposable PostgreSQL and NATS,
 * and the three services as child processes from their builds. Everything it
 * started is stopped and removed by `destroy()`, and by an exit hook if the
 * worker dies first.
 */
export class Stack<Bus extends EventBus = DisposableNats> {
  readonly services = new Set<RunningService>();
  private readonly ports = new Map<RunningService, number>();
  private adminTokenCache?: { token: string; until: number };
  private readonly removeGuard: () => void;
  authUrl!: string;
  private accountsUrl?: string;

  private constructor(
    readonly pg: DisposablePostgres,
    readonly nats: Bus,
    private readonly authPort: number,
  ) {
    this.authUrl = `http://127.0.0.1:${authPort}`;
    this.removeGuard = onProcessExit(() => {
      for (const service of this.services) {
        service.process.kill('SIGKILL');
      }
    });
  }

  static async create(): Promise<Stack> {
    return Stack.createOn(startNats);
  }

  /** The same stack on another NATS (a cluster). */
  static async createOn<B extends EventBus>(startBus: () => Promise<B>): Promise<Stack<B>> {
    const pg = await startPostgres();
    let nats: B;
    try {
      nats = await startBus();
    } catch (error) {
      pg.destroy();
      throw error;
    }
    return new Stack(pg, nats, await freePort());
  }

  /** The event namespace the services run in. */
  get namespace(): string {
    return this.nats.namespace ?? NAMESPACE;
  }

  /** The variables every service reads, pointing at this stack. */
  get env(): Record<string, string> {
    return {
      DATABASE_URL: this.pg.url,
      NATS_URL: this.nats.url,
      EVENTS_NAMESPACE: this.namespace,
      LOG_LEVEL: 'warn',
      AUTH_ISSUER: this.authUrl,
    };
  }

  /** Starts one instance; the first auth-server takes the issuer's port, others a free one. */
  async start(name: ServiceName, port?: number): Promise<RunningService> {
    const chosen =
      port ?? (name === 'auth-server' && !this.authStarted() ? this.authPort : await freePort());
    const extra: Record<string, string> =
      name === 'account-service'
        ? { ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET, AUTH_AUDIENCE: ACCOUNTS_AUDIENCE }
        : name === 'content-api'
          ? { AUTH_AUDIENCE: CONTENT_AUDIENCE }
          : {};
    const service = await startService(name, chosen, {
      ...this.env,
      ...this.nats.serviceEnv?.(name),
      ...extra,
    });
    this.services.add(service);
    this.ports.set(service, chosen);
    if (name === 'account-service') {
      this.accountsUrl = service.url;
    }
    return service;
  }

  /** The three services, one instance each. */
  async startAll(): Promise<{
    auth: RunningService;
    accounts: RunningService;
    content: RunningService;
  }> {
    const auth = await this.start('auth-server');
    const accounts = await this.start('account-service');
    const content = await this.start('content-api');
    return { auth, accounts, content };
  }

  /** Stops an instance (SIGKILL for a crash, SIGTERM for a clean stop). */
  async stop(service: RunningService, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await service.stop(signal);
    this.services.delete(service);
  }

  /** Starts the same service again on the same port. */
  async restart(service: RunningService): Promise<RunningService> {
    const port = this.ports.get(service);
    this.ports.delete(service);
    this.services.delete(service);
    return this.start(service.name, port);
  }

  private authStarted(): boolean {
    return [...this.services].some((service) => service.name === 'auth-server');
  }

  /** A client_credentials token request; the raw answer. */
  async token(
    clientId: string,
    clientSecret: string,
    resource: string,
    scope?: string,
  ): Promise<JsonResponse> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      resource,
    });
    if (scope) {
      form.set('scope', scope);
    }
    return request(`${this.authUrl}/token`, { method: 'POST', body: form });
  }

  /** An admin token for the account service (waits for the bootstrap admin to reach the auth-server). */
  async adminToken(): Promise<string> {
    if (this.adminTokenCache && this.adminTokenCache.until > Date.now()) {
      return this.adminTokenCache.token;
    }
    const token = await waitFor(
      'the bootstrap admin to get a token',
      async () => {
        const answer = await this.token(
          ADMIN_CLIENT_ID,
          ADMIN_CLIENT_SECRET,
          ACCOUNTS_AUDIENCE,
          'accounts:admin',
        );
        return answer.status === 200 ? (answer.body.access_token as string) : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    this.adminTokenCache = { token, until: Date.now() + 60_000 };
    return token;
  }

  /** An admin REST call to the account service. */
  async admin(method: string, path: string, body?: unknown, token?: string): Promise<JsonResponse> {
    if (!this.accountsUrl) {
      throw new Error('the account service is not started');
    }
    const bearer = token ?? (await this.adminToken());
    return request(`${this.accountsUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** Stops every service, the NATS server and the PostgreSQL cluster, and removes their directories. */
  async destroy(): Promise<void> {
    await Promise.allSettled([...this.services].map((service) => service.stop('SIGKILL')));
    this.services.clear();
    await this.nats.destroy().catch(() => undefined);
    this.pg.destroy();
    this.removeGuard();
  }

  /** The last output of every running service, for a failing test's message. */
  outputs(): string {
    return [...this.services]
      .map((service) => `--- ${service.name} ${service.url}\n${service.output().slice(-3_000)}`)
      .join('\n');
  }
}

export async function request(url: string, init: RequestInit): Promise<JsonResponse> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: the text is kept
  }
  return { status: response.status, body, text };
}

/** A content API with three scopes and the setup data for contracts. */
export async function registerContentApi(stack: Stack<EventBus>): Promise<string> {
  const api = await stack.admin('POST', '/v1/content-apis', {
    name: 'Market data',
    resourceIndicator: CONTENT_AUDIENCE,
    scopes: [
      { name: 'articles:read', description: 'Read articles' },
      { name: 'prices:read', description: 'Read prices' },
    ],
  });
  if (api.status !== 201) {
    throw new Error(`content API not registered: ${api.status} ${api.text}`);
  }
  return api.body.id as string;
}

export async function createEnterprise(
  stack: Stack<EventBus>,
  label: string,
): Promise<JsonResponse> {
  return stack.admin('POST', '/v1/enterprises', {
    name: `Enterprise ${label}`,
    businessId: `FAULT-${label}`,
  });
}

/** An enterprise with a system account and an active contract: what a portal needs to read. */
export async function createCustomer(
  stack: Stack<EventBus>,
  contentApiId: string,
  label: string,
): Promise<{ enterpriseId: string; contractId: string; clientId: string; clientSecret: string }> {
  const enterprise = await createEnterprise(stack, label);
  const account = await stack.admin('POST', '/v1/system-accounts', {
    enterpriseId: enterprise.body.id,
    name: `Portal ${label}`,
  });
  const contract = await stack.admin('POST', '/v1/contracts', {
    enterpriseId: enterprise.body.id,
    contentApiId,
    scopes: ['articles:read'],
    validFrom: new Date(Date.now() - 60_000).toISOString(),
  });
  for (const [what, answer] of [
    ['enterprise', enterprise],
    ['system account', account],
    ['contract', contract],
  ] as const) {
    if (answer.status !== 201) {
      throw new Error(`${what} not created: ${answer.status} ${answer.text}`);
    }
  }
  return {
    enterpriseId: enterprise.body.id as string,
    contractId: contract.body.id as string,
    clientId: account.body.clientId as string,
    clientSecret: account.body.clientSecret as string,
  };
}

/** Polls `/health/ready` of a service; the status code (0 when it does not answer). */
export async function readiness(service: { url: string } | string): Promise<number> {
  try {
    const response = await fetch(
      `${typeof service === 'string' ? service : service.url}/health/ready`,
      { signal: AbortSignal.timeout(3_000) },
    );
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
