import type { AddressInfo } from 'node:net';
import { Clock, loadConfig } from '@charter/service-kit';
import type { TestContext } from '@charter/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.js';
import { ContentApiConfig } from '../../src/config/content-api.config.js';

/** The system clock, which a test can stop at a moment of its choosing (to see a validity window end). */
export class MovableClock extends Clock {
  private frozenAt: Date | undefined;

  now(): Date {
    return this.frozenAt ?? new Date();
  }

  /** From now on, the time is `at` until reset. */
  freezeAt(at: Date): void {
    this.frozenAt = at;
  }

  reset(): void {
    this.frozenAt = undefined;
  }
}

export interface RunningContentApi {
  readonly app: NestFastifyApplication;
  readonly url: string;
  readonly clock: MovableClock;
  get(path: string, token?: string, headers?: Record<string, string>): Promise<HttpAnswer>;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export async function startContentApi(
  ctx: TestContext,
  env: Record<string, string> = {},
): Promise<RunningContentApi> {
  const clock = new MovableClock();
  const app = await createApp(loadConfig(ContentApiConfig, { ...ctx.env, ...env }), { clock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    url,
    clock,
    async get(path, token, headers = {}) {
      const response = await fetch(`${url}${path}`, {
        headers: {
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...headers,
        },
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      };
    },
  };
}
