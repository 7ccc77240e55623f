import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Controller, Get, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, createLoggingModule } from '@charter/service-kit';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessTokenHash,
  AuthModule,
  type AuthOptions,
  CurrentPrincipal,
  type Principal,
  Scopes,
} from '../src/index.js';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const ISSUER = 'https://issuer.test';
const AUDIENCE = 'https://api.test';
const NONCE_SECRET = 'the nonce secret every instance of this API shares';

@Controller()
class SampleController {
  @Scopes('articles:read')
  @Get('articles')
  articles(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}

async function bootApp(options: AuthOptions): Promise<NestFastifyApplication> {
  @Module({
    imports: [createLoggingModule('silent'), AuthModule.forRoot(options)],
    controllers: [SampleController],
  })
  class TestModule {}
  const app = await createHttpApp(TestModule);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

interface Holder {
  readonly privateKey: Key;
  readonly jwk: JWK;
  readonly jkt: string;
}

async function holder(): Promise<Holder> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(pair.publicKey);
  return { privateKey: pair.privateKey, jwk, jkt: await calculateJwkThumbprint(jwk) };
}

/** RFC 9449 §7 at a resource server, through the package every API uses. */
describe('DPoP at a resource server (@charter/auth, RFC 9449 §7)', () => {
  let jwksServer: Server;
  let signingKey: Key;
  let app: NestFastifyApplication;
  let nonceApp: NestFastifyApplication;
  let baseUrl: string;
  let nonceUrl: string;
  let client: Holder;
  let jwksUri: string;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    signingKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'ES256', use: 'sig' };
    jwksServer = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
    client = await holder();
  });

  afterAll(() => {
    jwksServer?.close();
  });

  async function accessToken(jkt: string | undefined): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      client_id: 'client-1',
      scope: 'articles:read',
      jti: randomUUID(),
      ...(jkt === undefined ? {} : { cnf: { jkt } }),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'key-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('client-1')
      .setIssuedAt(now)
      .setExpirationTime('5m')
      .sign(signingKey);
  }

  async function proof(
    who: Holder,
    claims: { htm?: string; htu: string; token?: string; iat?: number; nonce?: string },
  ): Promise<string> {
    return new SignJWT({
      jti: randomUUID(),
      htm: claims.htm ?? 'GET',
      htu: claims.htu,
      iat: claims.iat ?? Math.floor(Date.now() / 1000),
      ...(claims.token === undefined ? {} : { ath: accessTokenHash(claims.token) }),
      ...(claims.nonce === undefined ? {} : { nonce: claims.nonce }),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: who.jwk })
      .sign(who.privateKey);
  }

  const call = (url: string, headers: Record<string, string>): Promise<Response> =>
    fetch(url, { headers });

  const expectChallenge = async (response: Response, error: string): Promise<void> => {
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      new RegExp(`^DPoP realm="charter", algs="[^"]*ES256[^"]*", error="${error}"`),
    );
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect(((await response.json()) as { code: string }).code).toBe(error);
  };

  // passport registers strategies by name for the whole process: one app at a time.
  describe('without nonces', () => {
    beforeAll(async () => {
      app = await bootApp({ issuer: ISSUER, audience: AUDIENCE, jwksUri });
      baseUrl = await app.getUrl();
    });

    afterAll(async () => {
      await app?.close();
    });

    it('accepts Authorization: DPoP with a proof of the bound key, and hands over cnf.jkt', async () => {
      const token = await accessToken(client.jkt);
      const url = `${baseUrl}/articles`;
      const response = await call(url, {
        authorization: `DPoP ${token}`,
        dpop: await proof(client, { htu: url, token }),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as Principal).dpopJkt).toBe(client.jkt);
    });

    it('refuses a DPoP-bound token presented as a bearer token (§7.2)', async () => {
      const token = await accessToken(client.jkt);
      const url = `${baseUrl}/articles`;
      await expectChallenge(
        await call(url, {
          authorization: `Bearer ${token}`,
          dpop: await proof(client, { htu: url, token }),
        }),
        'invalid_token',
      );
    });

    it('refuses a proof of another key than the token is bound to', async () => {
      const token = await accessToken(client.jkt);
      const url = `${baseUrl}/articles`;
      const thief = await holder();
      await expectChallenge(
        await call(url, {
          authorization: `DPoP ${token}`,
          dpop: await proof(thief, { htu: url, token }),
        }),
        'invalid_dpop_proof',
      );
    });

    it('refuses a replayed proof', async () => {
      const token = await accessToken(client.jkt);
      const url = `${baseUrl}/articles`;
      const headers = {
        authorization: `DPoP ${token}`,
        dpop: await proof(client, { htu: url, token }),
      };
      expect((await call(url, headers)).status).toBe(200);
      await expectChallenge(await call(url, headers), 'invalid_dpop_proof');
    });

    it('refuses a proof without ath, or with the hash of another token', async () => {
      const token = await accessToken(client.jkt);
      const url = `${baseUrl}/articles`;
      await expectChallenge(
        await call(url, {
          authorization: `DPoP ${token}`,
          dpop: await proof(client, { htu: url }),
        }),
        'invalid_dpop_proof',
      );
      const other = await accessToken(client.jkt);
      await expectChallenge(
        await call(url, {
          authorization: `DPoP ${token}`,
          dpop: await proof(client, { htu: url, token: other }),
        }),
        'invalid_dpop_proof',
      );
    });

    it('refuses a proof for another URL (a longer path) or method, and a stale one', async () => {
      const token = await accessToken(client.jkt);
      const url = `${baseUrl}/articles`;
      for (const claims of [
        { htu: `${url}/1`, token },
        { htu: url, token, htm: 'POST' },
        { htu: url, token, iat: Math.floor(Date.now() / 1000) - 300 },
      ]) {
        await expectChallenge(
          await call(url, { authorization: `DPoP ${token}`, dpop: await proof(client, claims) }),
          'invalid_dpop_proof',
        );
      }
    });

    it('refuses a bound token with the DPoP scheme but no proof', async () => {
      const token = await accessToken(client.jkt);
      await expectChallenge(
        await call(`${baseUrl}/articles`, { authorization: `DPoP ${token}` }),
        'invalid_dpop_proof',
      );
    });

    it('refuses an unbound token sent with the DPoP scheme; takes it as a bearer token', async () => {
      const token = await accessToken(undefined);
      const url = `${baseUrl}/articles`;
      await expectChallenge(
        await call(url, {
          authorization: `DPoP ${token}`,
          dpop: await proof(client, { htu: url, token }),
        }),
        'invalid_token',
      );
      expect((await call(url, { authorization: `Bearer ${token}` })).status).toBe(200);
    });

    it('an invalid token with the DPoP scheme gets a DPoP challenge', async () => {
      await expectChallenge(
        await call(`${baseUrl}/articles`, { authorization: 'DPoP not.a.token' }),
        'invalid_token',
      );
    });
  });

  describe('with DPOP nonces configured', () => {
    beforeAll(async () => {
      nonceApp = await bootApp({
        issuer: ISSUER,
        audience: AUDIENCE,
        jwksUri,
        dpop: { nonceSecret: NONCE_SECRET },
      });
      nonceUrl = await nonceApp.getUrl();
    });

    afterAll(async () => {
      await nonceApp?.close();
    });

    it('with a nonce configured: use_dpop_nonce and DPoP-Nonce, then the nonce is accepted (§9)', async () => {
      const token = await accessToken(client.jkt);
      const url = `${nonceUrl}/articles`;
      const refused = await call(url, {
        authorization: `DPoP ${token}`,
        dpop: await proof(client, { htu: url, token }),
      });
      const nonce = refused.headers.get('dpop-nonce');
      await expectChallenge(refused, 'use_dpop_nonce');
      expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const granted = await call(url, {
        authorization: `DPoP ${token}`,
        dpop: await proof(client, { htu: url, token, nonce: nonce! }),
      });
      expect(granted.status).toBe(200);
    });
  });

  describe('with DPoP required (FAPI 2.0 §5.3.4)', () => {
    let strictApp: NestFastifyApplication;
    let strictUrl: string;

    beforeAll(async () => {
      strictApp = await bootApp({
        issuer: ISSUER,
        audience: AUDIENCE,
        jwksUri,
        dpop: { required: true },
      });
      strictUrl = await strictApp.getUrl();
    });

    afterAll(async () => {
      await strictApp?.close();
    });

    it('refuses an unbound bearer token with the DPoP challenge, accepts a bound one with its proof', async () => {
      const url = `${strictUrl}/articles`;
      await expectChallenge(
        await call(url, { authorization: `Bearer ${await accessToken(undefined)}` }),
        'invalid_token',
      );
      const token = await accessToken(client.jkt);
      const response = await call(url, {
        authorization: `DPoP ${token}`,
        dpop: await proof(client, { htu: url, token }),
      });
      expect(response.status).toBe(200);
    });
  });
});
