import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Clock, loadConfig } from '@charter/service-kit';
import type { TestContext } from '@charter/testing';
import { createApp } from '../../src/app.js';
import { AuthServerConfig } from '../../src/config/auth-server.config.js';

/**
 * The system clock, which a test can stop at a moment of its choosing or move forward
 * (no sleeping to see time pass): the whole app sees the same time.
 */
export class MovableClock extends Clock {
  private frozenAt: Date | undefined;
  private offsetMs = 0;

  override now(): Date {
    return this.frozenAt ?? new Date(Date.now() + this.offsetMs);
  }

  /** From now on, the time is `at` until reset. */
  freezeAt(at: Date): void {
    this.frozenAt = at;
  }

  /** Moves the time forward, frozen or running. */
  advance(seconds: number): void {
    if (this.frozenAt === undefined) {
      this.offsetMs += seconds * 1000;
    } else {
      this.frozenAt = new Date(this.frozenAt.getTime() + seconds * 1000);
    }
  }

  reset(): void {
    this.frozenAt = undefined;
    this.offsetMs = 0;
  }
}

export interface RunningAuthServer {
  readonly app: NestFastifyApplication;
  readonly url: string;
  readonly config: AuthServerConfig;
  /** The app's Clock port: the system time unless the test freezes it. */
  readonly clock: MovableClock;
  close(): Promise<void>;
}

/** Boots the whole app on the context's database and namespace, listening on a free port. */
export async function startAuthServer(
  ctx: TestContext,
  overrides: Record<string, string> = {},
  options: { readonly clock?: MovableClock } = {},
): Promise<RunningAuthServer> {
  const config = loadConfig(AuthServerConfig, { ...ctx.env, ...overrides });
  const clock = options.clock ?? new MovableClock();
  const app = await createApp(config, { clock });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const address = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    config,
    clock,
    close: () => app.close(),
  };
}

export interface TokenCall {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export interface FormOptions {
  readonly basic?: { clientId: string; secret: string };
  readonly headers?: Record<string, string>;
}

/** POSTs a form to /token; `basic` sends client_secret_basic (RFC 6749 §2.3.1 encoding). */
export function postToken(
  baseUrl: string,
  form: Record<string, string | string[]> | string,
  options: FormOptions = {},
): Promise<TokenCall> {
  return postForm(`${baseUrl}/token`, form, options);
}

/** POSTs a form to an OAuth endpoint (token, revocation, introspection). */
export async function postForm(
  url: string,
  form: Record<string, string | string[]> | string,
  options: FormOptions = {},
): Promise<TokenCall> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    ...options.headers,
  };
  if (options.basic) {
    headers.authorization = basicHeader(options.basic.clientId, options.basic.secret);
  }
  const body = typeof form === 'string' ? form : encodeForm(form);
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

export function encodeForm(form: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      params.append(name, item);
    }
  }
  return params.toString();
}

export function basicHeader(clientId: string, secret: string): string {
  const encode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}
