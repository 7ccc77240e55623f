import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import {
  Body,
  type CallHandler,
  Controller,
  type ExecutionContext,
  Get,
  HttpCode,
  Injectable,
  Module,
  type NestInterceptor,
  Post,
  UseInterceptors,
} from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Observable } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpApp, createLoggingModule } from '../src/index.js';

/**
 * What `patches/` keeps: Fastify's body parser and Nest's interceptor chain carry the
 * request's async context (nestjs-pino's request logger lives in an AsyncLocalStorage)
 * through `runInAsyncScope`, not `AsyncResource#bind`, which costs ~45 µs per call on
 * Node 20 (`bench/README.md`).
 */
const requestContext = new AsyncLocalStorage<string>();

@Injectable()
class PassThrough implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle();
  }
}

@Controller('context')
class ContextController {
  @Post()
  @HttpCode(200)
  parsed(@Body() body: { n: number }): { store: string | null; n: number } {
    return { store: requestContext.getStore() ?? null, n: body.n };
  }

  @Get('intercepted')
  @UseInterceptors(PassThrough, PassThrough)
  intercepted(): { store: string | null } {
    return { store: requestContext.getStore() ?? null };
  }
}

@Module({ imports: [createLoggingModule('silent')], controllers: [ContextController] })
class ContextModule {}

describe('the request async context, without AsyncResource#bind', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createHttpApp(ContextModule);
    // As nestjs-pino's middleware does: the rest of the request runs inside the context.
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', (request, _reply, done) => {
        requestContext.run(`request ${String(request.id)}`, done);
      });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reaches a handler after the body was parsed', async () => {
    const bind = vi.spyOn(AsyncResource.prototype, 'bind');
    const response = await app.inject({
      method: 'POST',
      url: '/context',
      headers: { 'content-type': 'application/json', 'x-request-id': 'parsed-1' },
      payload: JSON.stringify({ n: 7 }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ store: 'request parsed-1', n: 7 });
    expect(bind).not.toHaveBeenCalled();
  });

  it('reaches a handler behind interceptors', async () => {
    const bind = vi.spyOn(AsyncResource.prototype, 'bind');
    const response = await app.inject({
      method: 'GET',
      url: '/context/intercepted',
      headers: { 'x-request-id': 'intercepted-1' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ store: 'request intercepted-1' });
    expect(bind).not.toHaveBeenCalled();
  });

  it('keeps concurrent requests apart', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        app.inject({
          method: 'POST',
          url: '/context',
          headers: { 'content-type': 'application/json', 'x-request-id': `concurrent-${index}` },
          payload: JSON.stringify({ n: index }),
        }),
      ),
    );
    expect(answers.map((answer) => answer.json<{ store: string; n: number }>())).toEqual(
      Array.from({ length: 20 }, (_, index) => ({
        store: `request concurrent-${index}`,
        n: index,
      })),
    );
  });
});
