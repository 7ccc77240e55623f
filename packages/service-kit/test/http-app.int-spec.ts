import { Body, Controller, Get, HttpCode, Module, Post, Query } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, createLoggingModule, DomainError, type Problem } from '../src/index.js';

class Limits {
  @IsInt()
  @Min(1)
  perMinute!: number;
}

class CreateThing {
  @IsString()
  name!: string;

  @ValidateNested()
  @Type(() => Limits)
  limits!: Limits;
}

class OptionalQuery {
  @IsOptional()
  @IsString()
  tag?: string;
}

class RequiredQuery {
  @IsString()
  tag!: string;
}

@Controller('things')
class ThingsController {
  @Post()
  create(@Body() body: CreateThing): CreateThing {
    return body;
  }

  @Post('archive')
  @HttpCode(200)
  archive(): { archived: true } {
    return { archived: true };
  }

  @Get('search')
  search(@Query() query: OptionalQuery): { dto: boolean; tag: string | null } {
    return { dto: query instanceof OptionalQuery, tag: query.tag ?? null };
  }

  @Get('lookup')
  lookup(@Query() query: RequiredQuery): { tag: string } {
    return { tag: query.tag };
  }

  @Get('missing')
  missing(): never {
    throw new DomainError('thing_not_found', 'No such thing');
  }

  @Get('broken')
  broken(): never {
    throw new Error('database password is hunter2');
  }
}

@Module({ imports: [createLoggingModule('silent')], controllers: [ThingsController] })
class SampleModule {}

const mapDomainError = (error: DomainError): Problem => ({
  status: 404,
  code: error.code,
  title: 'Thing not found',
  detail: error.message,
});

describe('createHttpApp: every failure is an RFC 9457 problem', () => {
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    app = await createHttpApp(SampleModule, { limits: { bodyLimit: 1024 }, mapDomainError });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
  });

  const post = (body: string, contentType = 'application/json'): Promise<Response> =>
    fetch(`${url}/things`, { method: 'POST', headers: { 'content-type': contentType }, body });

  async function expectProblem(
    response: Response,
    status: number,
    code: string,
  ): Promise<Record<string, unknown>> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status,
      code,
      type: `https://charter.dev/problems/${code.replaceAll('_', '-')}`,
    });
    expect(typeof body.requestId).toBe('string');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
    return body;
  }

  it('accepts a valid body', async () => {
    const response = await post(JSON.stringify({ name: 'a', limits: { perMinute: 5 } }));
    expect(response.status).toBe(201);
  });

  it('points at each invalid and unknown field', async () => {
    const body = await expectProblem(
      await post(JSON.stringify({ name: 7, limits: { perMinute: 0 }, extra: true })),
      400,
      'validation_failed',
    );
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/name', detail: 'must be a string' },
        { pointer: '/limits/perMinute', detail: 'must not be less than 1' },
        { pointer: '/extra', detail: 'is not a known field' },
      ]),
    );
  });

  it('answers malformed JSON, a missing body, a JSON array and a scalar with 400', async () => {
    await expectProblem(await post('{"name":'), 400, 'malformed_json');
    await expectProblem(await post(''), 400, 'validation_failed');
    await expectProblem(await post('[1,2]'), 400, 'invalid_body');
    await expectProblem(await post('"text"'), 400, 'invalid_body');
    await expectProblem(await post('null'), 400, 'invalid_body');
  });

  it('refuses a body nested deeper than any DTO before validation walks it', async () => {
    // Within this app's 1 kB body limit: 100 levels.
    await expectProblem(
      await post(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`),
      400,
      'body_too_deep',
    );
  });

  it('points at a NUL or a lone surrogate in the body and in the query', async () => {
    const nul = await expectProblem(
      await post('{"name":"a\\u0000","limits":{"perMinute":1}}'),
      400,
      'validation_failed',
    );
    expect(nul.errors).toEqual([{ pointer: '/name', detail: 'must not contain NUL characters' }]);
    const surrogate = await expectProblem(
      await post('{"name":"a\\ud800","limits":{"perMinute":1}}'),
      400,
      'validation_failed',
    );
    expect(surrogate.errors).toEqual([
      { pointer: '/name', detail: 'must not contain a lone UTF-16 surrogate' },
    ]);
    const query = await expectProblem(
      await fetch(`${url}/things/search?tag=a%00`),
      400,
      'validation_failed',
    );
    expect(query.errors).toEqual([{ pointer: '/tag', detail: 'must not contain NUL characters' }]);
  });

  it('answers a path that is not valid percent-encoding with a problem, not Fastify JSON', async () => {
    await expectProblem(await fetch(`${url}/things/%E0%A4%A`), 400, 'bad_url');
  });

  it('takes a bodiless action POST even when it says application/json', async () => {
    const response = await fetch(`${url}/things/archive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
  });

  it('answers an oversized body with 413 and a wrong content type with 415', async () => {
    await expectProblem(
      await post(JSON.stringify({ name: 'x'.repeat(2048), limits: { perMinute: 1 } })),
      413,
      'payload_too_large',
    );
    await expectProblem(await post('name=a', 'text/plain'), 415, 'unsupported_media_type');
  });

  it('validates every query, the empty one too, each time', async () => {
    for (let round = 0; round < 3; round += 1) {
      const empty = await fetch(`${url}/things/search`);
      expect(empty.status).toBe(200);
      expect(await empty.json()).toEqual({ dto: true, tag: null });
      const body = await expectProblem(
        await fetch(`${url}/things/lookup`),
        400,
        'validation_failed',
      );
      expect(body.errors).toEqual([{ pointer: '/tag', detail: 'must be a string' }]);
    }
    expect(await (await fetch(`${url}/things/search?tag=a`)).json()).toEqual({
      dto: true,
      tag: 'a',
    });
    const unknown = await expectProblem(
      await fetch(`${url}/things/search?other=1`),
      400,
      'validation_failed',
    );
    expect(unknown.errors).toEqual([{ pointer: '/other', detail: 'is not a known field' }]);
    expect((await fetch(`${url}/things/search`)).status).toBe(200);
  });

  it('maps domain errors through the app mapper, and unknown routes to 404', async () => {
    const body = await expectProblem(await fetch(`${url}/things/missing`), 404, 'thing_not_found');
    expect(body.detail).toBe('No such thing');
    expect(body.instance).toBe('/things/missing');
    await expectProblem(await fetch(`${url}/nowhere`), 404, 'not_found');
  });

  it('hides the cause of an unexpected error', async () => {
    const body = await expectProblem(await fetch(`${url}/things/broken`), 500, 'internal_error');
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });

  it('echoes a caller request id and makes one otherwise', async () => {
    const given = await fetch(`${url}/nowhere`, { headers: { 'x-request-id': 'req-123' } });
    expect(given.headers.get('x-request-id')).toBe('req-123');
    expect(((await given.json()) as { requestId: string }).requestId).toBe('req-123');
    const made = await fetch(`${url}/nowhere`, {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
