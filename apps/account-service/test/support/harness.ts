/* eslint-disable @typescript-eslint/no-explicit-any -- tests assert on JSON bodies and rows rather than typing them */
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import {
  EVENT_CATALOGUE,
  type EventEnvelope,
  EventSecurity,
  localEventSecurity,
  SIGNATURE_HEADER,
} from '@charter/events';
import { loadConfig } from '@charter/service-kit';
import {
  Browser,
  createTestContext,
  pkce,
  freePort,
  readStream,
  startService,
  waitFor,
  type RunningService,
  type StoredEvent,
  type TestContext,
} from '@charter/testing';
import { expect } from 'vitest';
import { createApp } from '../../src/app.js';
import {
  AccountServiceConfig,
  LOCAL_ADMIN_CLIENT_SECRET,
} from '../../src/config/account-service.config.js';

export const ADMIN_CLIENT_ID = 'charter-admin';
/** The admin console client the service creates at start (ADMIN_CONSOLE_CLIENT_ID default). */
export const CONSOLE_CLIENT_ID = 'charter-admin-cli';
/** Its redirect URI (ADMIN_CONSOLE_REDIRECT_URIS default). */
export const CONSOLE_REDIRECT_URI = 'http://127.0.0.1:8400/callback';
export const ADMIN_CLIENT_SECRET = LOCAL_ADMIN_CLIENT_SECRET;
/** The account service's own resource indicator (AUTH_AUDIENCE default). */
export const ACCOUNTS_AUDIENCE = 'http://localhost:3001';
/** The content API's resource indicator (its AUTH_AUDIENCE default). */
export const CONTENT_AUDIENCE = 'http://localhost:3002';

export interface HttpResult<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** Sent as is (for malformed bodies); wins over `body`. */
  readonly rawBody?: string;
  readonly contentType?: string;
  /** Default: the admin token. `null` sends no Authorization header. */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

/** Row counts of every table, and the last outbox position: a write that failed must change none. */
export interface Snapshot {
  readonly counts: Readonly<Record<string, number>>;
  readonly outboxPosition: number;
}

export interface ExpectedEvent {
  readonly type: string;
  readonly aggregateId: string;
  readonly version: number;
}

const TABLES = [
  'content_apis',
  'enterprises',
  'system_accounts',
  'system_account_secrets',
  'contracts',
  'users',
  'password_tokens',
  'audit_log',
  'idempotency_keys',
  'outbox',
];

/**
 * The account service in-process on its own test database and namespace, with the
 * real auth-server beside it as a child process (same database, its own schema)
 * issuing the admin tokens.
 */
const AUTH_SERVER = new EventSecurity(localEventSecurity('auth-server'));

/**
 * A stored event as the authorization server reads it: its signature checked against the account
 * service's (local) key, its sealed fields opened; the envelope then as the outbox row holds it.
 */
export async function openAsAuthServer(event: StoredEvent): Promise<Record<string, unknown>> {
  const bytes = new TextEncoder().encode(JSON.stringify(event.payload));
  await AUTH_SERVER.verify(bytes, event.headers[SIGNATURE_HEADER], ['account-service']);
  const envelope = event.payload as unknown as EventEnvelope;
  const definition = EVENT_CATALOGUE.get(envelope.type);
  const { sealed: _sealed, ...rest } = envelope;
  return {
    ...rest,
    data: definition ? await AUTH_SERVER.open(envelope, definition) : envelope.data,
  };
}

export class Harness {
  private cachedAdminToken?: string;
  /** Services started on demand (the content API), stopped by close(). */
  private readonly extraServices: RunningService[] = [];
  /** For asserting on rows; the test database's name holds `test`, as createTestContext makes it. */
  private readonly pool: pg.Pool;

  private constructor(
    readonly ctx: TestContext,
    readonly app: NestFastifyApplication,
    readonly authServer: RunningService,
    readonly baseUrl: string,
  ) {
    this.pool = new pg.Pool({ connectionString: ctx.databaseUrl, max: 2 });
  }

  /**
   * `mfaRequiredRoles` is MFA_REQUIRED_ROLES for both services: none by default here, because
   * most tests get their enterprise admins' tokens with the password grant, which has no second
   * factor; the second-factor tests name the roles.
   */
  static async start(options: { mfaRequiredRoles?: string } = {}): Promise<Harness> {
    const ctx = await createTestContext();
    const authPort = await freePort();
    const issuer = `http://127.0.0.1:${authPort}`;
    const mfa = { MFA_REQUIRED_ROLES: options.mfaRequiredRoles ?? 'none' };
    const authServer = await startService('auth-server', authPort, {
      ...ctx.env,
      ...mfa,
      AUTH_ISSUER: issuer,
    });
    const config = loadConfig(AccountServiceConfig, { ...ctx.env, ...mfa, AUTH_ISSUER: issuer });
    const app = await createApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return new Harness(ctx, app, authServer, `http://127.0.0.1:${port}`);
  }

  /** The real content API (its build) beside the others, on the same database, namespace and issuer. */
  async startContentApi(): Promise<RunningService> {
    const service = await startService('content-api', await freePort(), {
      ...this.ctx.env,
      AUTH_ISSUER: this.authServer.url,
      AUTH_AUDIENCE: CONTENT_AUDIENCE,
    });
    this.extraServices.push(service);
    return service;
  }

  async close(): Promise<void> {
    await this.pool.end();
    await Promise.all(this.extraServices.map((service) => service.stop()));
    await this.app.close();
    await this.authServer.stop();
    await this.ctx.cleanup();
  }

  /** Asks the auth-server for a client_credentials token (RFC 6749 §4.4) with client_secret_basic. */
  async token(
    clientId: string,
    clientSecret: string,
    params: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.authServer.url}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...params }).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** The platform admin's token: available once the bootstrap event reached the auth-server. */
  async adminToken(): Promise<string> {
    this.cachedAdminToken ??= await waitFor('the admin client to get a token', async () => {
      const result = await this.token(ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET, {
        resource: ACCOUNTS_AUDIENCE,
        scope: 'accounts:admin',
      });
      return result.status === 200 ? String(result.body.access_token) : undefined;
    });
    return this.cachedAdminToken;
  }

  /**
   * A person's access token for this API, as a console gets it: GET /authorize (code + PKCE
   * S256, RFC 7636) → the login form → consent (when asked) → the code → POST /token. Waits
   * until the auth-server's projection knows the client and the user.
   */
  async signIn(
    email: string,
    password: string,
    options: { readonly clientId?: string; readonly redirectUri?: string } = {},
  ): Promise<string> {
    const clientId = options.clientId ?? CONSOLE_CLIENT_ID;
    const redirectUri = options.redirectUri ?? CONSOLE_REDIRECT_URI;
    const base = this.authServer.url;
    return waitFor(`${email} to sign in at the auth-server`, async () => {
      const browser = new Browser();
      const { verifier, challenge } = pkce();
      const query = new URLSearchParams({
        client_id: clientId,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'accounts:self',
        resource: ACCOUNTS_AUDIENCE,
        state: randomUUID(),
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      let page = await browser.request(`${base}/authorize?${query.toString()}`);
      if (page.status === 200 && page.html.includes('name="password"')) {
        page = await browser.request(`${base}/authorize`, {
          form: { ...page.hiddenFields(), email, password },
        });
      }
      if (page.status === 200 && page.html.includes('value="consent"')) {
        page = await browser.request(`${base}/authorize`, {
          form: { ...page.hiddenFields(), decision: 'allow' },
        });
      }
      const code =
        page.headers.get('location') === null ? null : page.location.searchParams.get('code');
      if (code === null) {
        return undefined;
      }
      const response = await fetch(`${base}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: clientId,
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
        }).toString(),
      });
      const body = (await response.json()) as Record<string, unknown>;
      return response.status === 200 ? String(body.access_token) : undefined;
    });
  }

  async request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<HttpResult<T>> {
    const token = options.token === undefined ? await this.adminToken() : options.token;
    const headers: Record<string, string> = { ...options.headers };
    if (token !== null) {
      headers.authorization = `Bearer ${token}`;
    }
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
    }
    if (body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    const response = await fetch(this.baseUrl + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: the test looks at `text`
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  async query<R extends Record<string, unknown> = Record<string, any>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    return (await this.pool.query<R>(sql, params)).rows;
  }

  async snapshot(): Promise<Snapshot> {
    const [row] = await this.query<Record<string, string>>(
      `SELECT ${TABLES.map((table) => `(SELECT count(*) FROM accounts.${table})::text AS ${table}`).join(', ')}, ` +
        '(SELECT coalesce(max(position), 0) FROM accounts.outbox)::text AS outbox_position',
    );
    const counts = Object.fromEntries(TABLES.map((table) => [table, Number(row?.[table])]));
    return { counts, outboxPosition: Number(row?.outbox_position) };
  }

  /** Nothing was written since `before`: no row, no audit entry, no outbox row (so no event). */
  async expectUnchanged(before: Snapshot): Promise<void> {
    expect(await this.snapshot()).toEqual(before);
  }

  async streamEvents(): Promise<StoredEvent[]> {
    return readStream(this.ctx.natsUrl, this.ctx.namespace, 'ACCOUNTS');
  }

  /**
   * Exactly `expected` were added to the outbox since `before`, in order, and each
   * reached the ACCOUNTS stream with the same envelope. Returns their envelopes.
   */
  async expectEvents(
    before: Snapshot,
    expected: readonly ExpectedEvent[],
  ): Promise<Array<Record<string, any>>> {
    const rows = await this.query<{
      id: string;
      type: string;
      aggregate_id: string;
      envelope: Record<string, any>;
    }>(
      'SELECT id, type, aggregate_id, envelope FROM accounts.outbox WHERE position > $1 ORDER BY position',
      [before.outboxPosition],
    );
    expect(
      rows.map((row) => ({
        type: row.type,
        aggregateId: row.aggregate_id,
        version: row.envelope.aggregate.version,
      })),
    ).toEqual(expected);
    const ids = new Set(rows.map((row) => row.id));
    const published = await waitFor('the events to reach the stream', async () => {
      const events = (await this.streamEvents()).filter((event) =>
        ids.has(String(event.payload.id)),
      );
      return events.length === ids.size ? events : undefined;
    });
    for (const row of rows) {
      const event = published.find((candidate) => candidate.payload.id === row.id);
      // What the authorization server reads: signed by the account service, sealed fields opened.
      expect(await openAsAuthServer(event!)).toEqual(row.envelope);
      expect(event?.subject).toBe(`${this.ctx.namespace}.${String(row.envelope.subject)}`);
    }
    return rows.map((row) => row.envelope);
  }

  /** Fixtures through the API itself, each asserted to succeed. */
  async createEnterprise(overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
    return this.created('/v1/enterprises', {
      name: 'Acme Media Oy',
      businessId: `FI${randomUUID().slice(0, 8)}`,
      ...overrides,
    });
  }

  async createContentApi(overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
    return this.created('/v1/content-apis', {
      name: 'News archive API',
      resourceIndicator: `https://news-${randomUUID()}.example.com`,
      scopes: [
        { name: 'articles:read', description: 'Read articles' },
        { name: 'prices:read', description: 'Read prices' },
      ],
      ...overrides,
    });
  }

  async createContract(overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const enterpriseId = overrides.enterpriseId ?? (await this.createEnterprise()).id;
    const contentApiId = overrides.contentApiId ?? (await this.createContentApi()).id;
    return this.created('/v1/contracts', {
      enterpriseId,
      contentApiId,
      scopes: ['articles:read'],
      validFrom: '2025-01-01T00:00:00Z',
      ...overrides,
    });
  }

  async createSystemAccount(overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const enterpriseId = overrides.enterpriseId ?? (await this.createEnterprise()).id;
    return this.created('/v1/system-accounts', { enterpriseId, name: 'Acme portal', ...overrides });
  }

  /** POST `body` to `path`, asserting a 201; the created resource. */
  async created(path: string, body: unknown): Promise<Record<string, any>> {
    const result = await this.request('POST', path, { body });
    expect(result.status, result.text).toBe(201);
    return result.body as Record<string, any>;
  }

  async auditRows(entityId: string): Promise<Array<Record<string, any>>> {
    return this.query('SELECT * FROM accounts.audit_log WHERE entity_id = $1 ORDER BY at, id', [
      entityId,
    ]);
  }
}

/** RFC 9457 problem document with the given status and code. */
export function expectProblem(result: HttpResult, status: number, code: string): void {
  expect({ status: result.status, code: result.body?.code }).toEqual({ status, code });
  expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(result.body).toMatchObject({
    status,
    code,
    type: `https://charter.dev/problems/${code.replaceAll('_', '-')}`,
    title: expect.any(String),
  });
  expect(typeof result.body.requestId).toBe('string');
}

export const ISO_DATE_TIME = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
export const UUID = expect.stringMatching(
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
);
