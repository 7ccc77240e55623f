import type { AddressInfo } from 'node:net';
import { loadConfig } from '@charter/service-kit';
import type { TestContext } from '@charter/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.js';
import { CatalogApiConfig } from '../../src/config/catalog-api.config.js';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export interface RunningApi {
  readonly url: string;
  get(path: string, token?: string): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/** GET with an optional Bearer token; the JSON body parsed. */
export async function getFrom(url: string, path: string, token?: string): Promise<HttpAnswer> {
  const response = await fetch(`${url}${path}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

/** One catalog API instance in this process, on the test's database and namespace. */
export async function startCatalogApi(
  ctx: TestContext,
  env: Record<string, string> = {},
): Promise<RunningApi & { readonly app: NestFastifyApplication }> {
  const app = await createApp(loadConfig(CatalogApiConfig, { ...ctx.env, ...env }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  return {
    app,
    url,
    get: (path, token) => getFrom(url, path, token),
    close: () => app.close(),
  };
}
