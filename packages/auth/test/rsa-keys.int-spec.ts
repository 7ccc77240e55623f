import { constants, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Global, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, createLoggingModule } from '@charter/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_STATUS_CHECK, type AccessStatusCheck, AuthModule, Scopes } from '../src/index.js';

const ISSUER = 'https://issuer.test';
const AUDIENCE = 'https://api.test';

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

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An RSA key pair of `bits`, its public half published in the JWKS under `kid` for RS256. */
function rsaKey(bits: number, kid: string): { privateKey: KeyObject; jwk: object } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privateKey,
    jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
  };
}

/**
 * The resource server's RSA path (RFC 7518 §3.3): RS256 tokens verify against the issuer's RSA
 * keys of at least 2048 bits, and a smaller key is refused even when the issuer publishes it.
 * Tokens are signed with node:crypto directly, since jose refuses to sign with a key under 2048
 * bits. PS256 is not on the verifier's allow-list.
 */
describe('RS256 access tokens and the minimum RSA key size', () => {
  let jwksServer: Server;
  let app: NestFastifyApplication;
  let baseUrl: string;
  const strong = rsaKey(2048, 'rsa-2048');
  const weak = rsaKey(1024, 'rsa-1024');
  const other = rsaKey(2048, 'rsa-other');

  /** A JWS over the usual claims; RS256 unless `alg` says PS256. */
  const token = (
    key: KeyObject,
    kid: string,
    alg: 'RS256' | 'PS256' = 'RS256',
    claims: Record<string, unknown> = {},
  ): string => {
    const now = Math.floor(Date.now() / 1000);
    const input = `${encode({ alg, typ: 'at+jwt', kid })}.${encode({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'client-1',
      client_id: 'client-1',
      scope: 'articles:read',
      jti: `jti-${kid}-${alg}`,
      iat: now,
      exp: now + 300,
      ...claims,
    })}`;
    const signature =
      alg === 'PS256'
        ? sign('sha256', Buffer.from(input), {
            key,
            padding: constants.RSA_PKCS1_PSS_PADDING,
            saltLength: 32,
          })
        : sign('sha256', Buffer.from(input), key);
    return `${input}.${signature.toString('base64url')}`;
  };

  const get = (jwt: string): Promise<Response> =>
    fetch(`${baseUrl}/articles`, { headers: { authorization: `Bearer ${jwt}` } });

  const expectRefused = async (response: Response, reason: string): Promise<void> => {
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="invalid_token"');
    expect(challenge).toContain(reason);
    expect(((await response.json()) as { code: string }).code).toBe('invalid_token');
  };

  beforeAll(async () => {
    const jwks = JSON.stringify({ keys: [strong.jwk, weak.jwk] });
    jwksServer = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(jwks);
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
  });

  afterAll(async () => {
    await app?.close();
    jwksServer?.close();
  });

  it('accepts an RS256 token signed with a published 2048-bit key', async () => {
    const response = await get(token(strong.privateKey, 'rsa-2048'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('refuses an RS256 token signed with a published 1024-bit key (RFC 7518 §3.3)', async () => {
    // The same token shape, the key published alike: only its size differs from the one above.
    await expectRefused(await get(token(weak.privateKey, 'rsa-1024')), 'invalid signature');
  });

  it('refuses an RS256 token signed by another 2048-bit key under a published kid', async () => {
    await expectRefused(await get(token(other.privateKey, 'rsa-2048')), 'invalid signature');
  });

  it('refuses an RS256 token whose payload was changed after signing', async () => {
    const [header, , signature] = token(strong.privateKey, 'rsa-2048').split('.');
    const now = Math.floor(Date.now() / 1000);
    const forged = encode({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'client-2',
      client_id: 'client-2',
      scope: 'articles:read',
      jti: 'forged',
      iat: now,
      exp: now + 300,
    });
    await expectRefused(await get(`${header}.${forged}.${signature}`), 'invalid signature');
  });

  it('refuses a PS256 token, even signed with the published 2048-bit key (not on the allow-list)', async () => {
    await expectRefused(
      await get(token(strong.privateKey, 'rsa-2048', 'PS256')),
      'signing algorithm not accepted',
    );
  });

  it('checks the claims of an RS256 token as of any other: another audience is refused', async () => {
    await expectRefused(
      await get(token(strong.privateKey, 'rsa-2048', 'RS256', { aud: 'https://other.test' })),
      'not for this audience',
    );
  });
});
