import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Global, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, createLoggingModule } from '@charter/service-kit';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_STATUS_CHECK, type AccessStatusCheck, AuthModule, Scopes } from '../src/index.js';

const ISSUER = 'https://issuer.test';
const AUDIENCE = 'https://api.test';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

@Controller()
class ArticlesController {
  @Scopes('articles:read')
  @Get('articles')
  articles(): { ok: true } {
    return { ok: true };
  }
}

class AllowAll implements AccessStatusCheck {
  check(): Promise<string | null> {
    return Promise.resolve(null);
  }
}

@Global()
@Module({
  providers: [{ provide: ACCESS_STATUS_CHECK, useClass: AllowAll }],
  exports: [ACCESS_STATUS_CHECK],
})
class StatusModule {}

/**
 * A JWS signature has exactly one base64url spelling (RFC 7515 §2, RFC 4648 §5 without
 * padding). Buffer.from(x, 'base64url') also takes junk characters, padding and non-zero
 * trailing bits, so one signed token had many accepted spellings: a cache or a deny-list
 * keyed by the token string could be side-stepped by re-spelling it. Only the canonical one passes.
 */
describe('access token signature encoding', () => {
  let jwksServer: Server;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let valid: string;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const jwk: JWK = {
      ...(await exportJWK(pair.publicKey)),
      kid: 'key-1',
      alg: 'ES256',
      use: 'sig',
    };
    jwksServer = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;

    @Module({
      imports: [
        createLoggingModule('silent'),
        StatusModule,
        AuthModule.forRoot({ issuer: ISSUER, audience: AUDIENCE, jwksUri }),
      ],
      controllers: [ArticlesController],
    })
    class TestModule {}
    app = await createHttpApp(TestModule);
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = await app.getUrl();

    valid = await new SignJWT({ client_id: 'client-1', scope: 'articles:read', jti: 'jti-1' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'key-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('client-1')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(pair.privateKey);
  });

  afterAll(async () => {
    await app?.close();
    jwksServer?.close();
  });

  const get = (token: string): Promise<Response> =>
    fetch(`${baseUrl}/articles`, { headers: { authorization: `Bearer ${token}` } });

  /** The token with its signature re-spelled by `respell`. */
  const withSignature = (respell: (signature: string) => string): string => {
    const [header, payload, signature] = valid.split('.') as [string, string, string];
    return `${header}.${payload}.${respell(signature)}`;
  };

  it('accepts the token as signed', async () => {
    expect((await get(valid)).status).toBe(200);
  });

  it('refuses the signature with its last character changed to a sibling that decodes to the same bytes', async () => {
    // ES256: 64 bytes are 86 characters; the last one carries 2 bits of data and 4 unused bits.
    const sibling = withSignature((signature) => {
      const last = BASE64URL.indexOf(signature.at(-1) as string);
      return `${signature.slice(0, -1)}${BASE64URL[last ^ 1] as string}`;
    });
    const [, , respelled] = sibling.split('.') as [string, string, string];
    const [, , original] = valid.split('.') as [string, string, string];
    expect(Buffer.from(respelled, 'base64url').equals(Buffer.from(original, 'base64url'))).toBe(
      true,
    );
    const response = await get(sibling);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('invalid signature');
  });

  it.each([
    ['padding', (signature: string) => `${signature}==`],
    [
      'a character outside the alphabet',
      (signature: string) => `${signature.slice(0, 10)}*${signature.slice(10)}`,
    ],
    [
      'standard base64 characters',
      (signature: string) => signature.replaceAll('-', '+').replaceAll('_', '/'),
    ],
  ])('refuses a signature with %s', async (_name, respell) => {
    const token = withSignature(respell);
    if (token === valid) {
      return; // this signature has no character the re-spelling changes
    }
    // 400 when the header's b64token syntax (RFC 6750 §2.1) already rules it out, else 401.
    expect([400, 401]).toContain((await get(token)).status);
  });
});
