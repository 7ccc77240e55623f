import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Global, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, createLoggingModule } from '@charter/service-kit';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCESS_STATUS_CHECK,
  type AccessStatusCheck,
  AuthModule,
  CurrentPrincipal,
  type Principal,
  Public,
  Scopes,
} from '../src/index.js';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const ISSUER = 'https://issuer.test';
const AUDIENCE = 'https://api.test';

@Controller()
class SampleController {
  @Public()
  @Get('open')
  open(): { ok: true } {
    return { ok: true };
  }

  @Scopes('articles:read')
  @Get('articles')
  articles(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}

/** Refuses one contract id, as an app's projection would for a suspended contract. */
class SuspendedContractCheck implements AccessStatusCheck {
  check(principal: Principal): Promise<string | null> {
    return Promise.resolve(
      principal.contractId === 'suspended-contract' ? 'contract is not in force' : null,
    );
  }
}

@Global()
@Module({
  providers: [{ provide: ACCESS_STATUS_CHECK, useClass: SuspendedContractCheck }],
  exports: [ACCESS_STATUS_CHECK],
})
class StatusModule {}

async function bootApp(jwksUri: string): Promise<NestFastifyApplication> {
  @Module({
    imports: [
      createLoggingModule('silent'),
      StatusModule,
      AuthModule.forRoot({ issuer: ISSUER, audience: AUDIENCE, jwksUri }),
    ],
    controllers: [SampleController],
  })
  class TestModule {}

  const app = await createHttpApp(TestModule);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

describe('AuthModule (a resource server accepting access tokens)', () => {
  let jwksServer: Server;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let signingKey: SigningKey;
  let otherKey: SigningKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    signingKey = pair.privateKey;
    otherKey = (await generateKeyPair('ES256')).privateKey;
    const jwk: JWK = {
      ...(await exportJWK(pair.publicKey)),
      kid: 'key-1',
      alg: 'ES256',
      use: 'sig',
    };
    // The issuer's JWKS endpoint: a real HTTP server the module fetches keys from.
    jwksServer = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;

    app = await bootApp(jwksUri);
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    jwksServer?.close();
  });

  async function token(
    overrides: {
      header?: Record<string, unknown>;
      claims?: Record<string, unknown>;
      key?: SigningKey;
      expiresIn?: string;
    } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      client_id: 'client-1',
      scope: 'articles:read prices:read',
      jti: 'jti-1',
      enterprise_id: 'ent-1',
      contract_id: 'contract-1',
      ...overrides.claims,
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'key-1', ...overrides.header })
      .setIssuer((overrides.claims?.iss as string | undefined) ?? ISSUER)
      .setAudience((overrides.claims?.aud as string | string[] | undefined) ?? AUDIENCE)
      .setSubject('client-1')
      .setIssuedAt(now)
      .setExpirationTime(overrides.expiresIn ?? '5m')
      .sign(overrides.key ?? signingKey);
  }

  const get = (path: string, authorization?: string): Promise<Response> =>
    fetch(`${baseUrl}${path}`, { headers: authorization === undefined ? {} : { authorization } });

  it('lets a valid token through and hands the principal to the route', async () => {
    const response = await get('/articles', `Bearer ${await token()}`);
    expect(response.status).toBe(200);
    const principal = (await response.json()) as Principal;
    expect(principal).toMatchObject({
      subject: 'client-1',
      clientId: 'client-1',
      scopes: ['articles:read', 'prices:read'],
      audience: [AUDIENCE],
      tokenId: 'jti-1',
      enterpriseId: 'ent-1',
      contractId: 'contract-1',
    });
  });

  it('serves @Public() routes without a token', async () => {
    expect((await get('/open')).status).toBe(200);
  });

  it('challenges a request without a token, with no error code (RFC 6750 §3.1)', async () => {
    const response = await get('/articles');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="charter", DPoP algs="[A-Z0-9 a-z]+"$/,
    );
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('treats another scheme as no token', async () => {
    const response = await get('/articles', 'Basic dXNlcjpwYXNz');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="charter", DPoP algs="[A-Z0-9 a-z]+"$/,
    );
  });

  it('answers a malformed Bearer header with 400 invalid_request', async () => {
    const response = await get('/articles', 'Bearer two tokens');
    expect(response.status).toBe(400);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_request"');
  });

  it.each([
    ['another audience', { claims: { aud: 'https://other.test' } }, 'not for this audience'],
    ['another issuer', { claims: { iss: 'https://evil.test' } }, 'another issuer'],
    ['an expired token', { expiresIn: '-1m' }, 'token expired'],
    ['typ JWT instead of at+jwt', { header: { typ: 'JWT' } }, 'typ'],
    [
      'a key the issuer does not publish',
      { key: undefined as unknown as SigningKey, header: { kid: 'unknown' } },
      'unknown signing key',
    ],
    [
      'missing RFC 9068 claims',
      { claims: { client_id: undefined, jti: undefined } },
      'lacks required claims',
    ],
    [
      'a token not yet valid',
      { claims: { nbf: Math.floor(Date.now() / 1000) + 3600 } },
      'not yet valid',
    ],
    [
      'an audience list without this API',
      { claims: { aud: ['https://a.test', 'https://b.test'] } },
      'not for this audience',
    ],
  ])('refuses %s with 401 invalid_token', async (_name, overrides, reason) => {
    const jwt = await token(overrides);
    const response = await get('/articles', `Bearer ${jwt}`);
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="invalid_token"');
    expect(challenge).toContain(reason);
    const body = (await response.json()) as { code: string };
    expect(body.code).toBe('invalid_token');
  });

  it('refuses a token signed by another key under a published kid', async () => {
    const response = await get('/articles', `Bearer ${await token({ key: otherKey })}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('invalid signature');
  });

  it('lets a token through whose audience list names this API', async () => {
    const response = await get(
      '/articles',
      `Bearer ${await token({ claims: { aud: ['https://other.test', AUDIENCE] } })}`,
    );
    expect(response.status).toBe(200);
  });

  it('refuses a token whose payload was changed after signing, and one that is not a JWS', async () => {
    const [header, , signature] = (await token()).split('.');
    const forged = Buffer.from(
      JSON.stringify({
        sub: 'x',
        client_id: 'x',
        jti: 'j',
        iss: ISSUER,
        aud: AUDIENCE,
        iat: 1,
        exp: 4102444800,
      }),
    ).toString('base64url');
    const tampered = await get('/articles', `Bearer ${header}.${forged}.${signature}`);
    expect(tampered.status).toBe(401);
    expect(tampered.headers.get('www-authenticate')).toContain('invalid signature');
    const notJws = await get('/articles', 'Bearer abc.def');
    expect(notJws.status).toBe(401);
    expect(notJws.headers.get('www-authenticate')).toContain('malformed token');
  });

  it('refuses alg none and HMAC tokens', async () => {
    const [, payload] = (await token()).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: 'key-1' })).toString('base64url')}.${payload}.`;
    expect((await get('/articles', `Bearer ${none}`)).status).toBe(401);
    const hs = await new SignJWT({ client_id: 'c', jti: 'j' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: 'key-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('c')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-of-enough-length-000'));
    const response = await get('/articles', `Bearer ${hs}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('algorithm not accepted');
  });

  it('answers a missing scope with 403 insufficient_scope naming the scope', async () => {
    const response = await get(
      '/articles',
      `Bearer ${await token({ claims: { scope: 'prices:read' } })}`,
    );
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="charter", error="insufficient_scope", scope="articles:read"',
    );
  });

  it("refuses a token the app's status check refuses", async () => {
    const response = await get(
      '/articles',
      `Bearer ${await token({ claims: { contract_id: 'suspended-contract' } })}`,
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('contract is not in force');
  });

  // Last: passport keeps strategies in a process-wide registry, so this second app's
  // strategy replaces the first one's from here on.
  it('answers 503, not 401 or 500, while the issuer keys cannot be fetched', async () => {
    const unreachable = await bootApp('http://127.0.0.1:9/jwks');
    try {
      const response = await fetch(`${await unreachable.getUrl()}/articles`, {
        headers: { authorization: `Bearer ${await token()}` },
      });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { code: string }).code).toBe('issuer_unavailable');
    } finally {
      await unreachable.close();
    }
  });
});
