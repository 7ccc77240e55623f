import { createTestContext, queryDatabase, type TestContext } from '@charter/testing';
import { accessTokenHash } from '@charter/auth/dpop';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishScenario, type Scenario, settle } from './support/account-events.js';
import {
  basicHeader,
  postForm,
  postToken,
  type RunningAuthServer,
  startAuthServer,
  type TokenCall,
} from './support/auth-server.js';
import {
  Browser,
  type InteractiveScenario,
  obtainCode,
  publishInteractiveScenario,
  REDIRECT_URI,
} from './support/authorization-flow.js';
import { type DpopKey, newDpopKey } from './support/dpop.js';

/** RFC 9449 at the token endpoint: every grant binds to the proof's key; proofs are checked. */
describe('DPoP at the authorization server (RFC 9449)', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let scenario: Scenario;
  let key: DpopKey;
  let tokenUrl: string;

  const clientCredentials = (
    proof: string | undefined,
    who: Pick<Scenario, 'client' | 'secret'> = scenario,
  ): Promise<TokenCall> =>
    postToken(
      server.url,
      { grant_type: 'client_credentials', resource: scenario.contract.resourceIndicator },
      {
        basic: { clientId: who.client.clientId, secret: who.secret },
        headers: proof === undefined ? {} : { dpop: proof },
      },
    );

  const expectDpopError = (call: TokenCall, error = 'invalid_dpop_proof'): void => {
    expect({ status: call.status, error: call.body.error }).toEqual({ status: 400, error });
    expect(call.headers.get('cache-control')).toBe('no-store');
    expect(call.body).not.toHaveProperty('access_token');
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx);
    tokenUrl = `${server.config.AUTH_ISSUER}/token`;
    scenario = await publishScenario(ctx);
    await settle(ctx, server.url);
    key = await newDpopKey();
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('client_credentials with a proof: token_type DPoP and cnf.jkt the key thumbprint (RFC 9449 §5, §6.1)', async () => {
    const call = await clientCredentials(await key.proof({ htm: 'POST', htu: tokenUrl }));
    expect(call.status).toBe(200);
    expect(call.body.token_type).toBe('DPoP');
    expect(decodeJwt(call.body.access_token as string).cnf).toEqual({ jkt: key.jkt });
  });

  it('without a proof the same client still gets a bearer token, without cnf', async () => {
    const call = await clientCredentials(undefined);
    expect(call.status).toBe(200);
    expect(call.body.token_type).toBe('Bearer');
    expect(decodeJwt(call.body.access_token as string).cnf).toBeUndefined();
  });

  it('introspection answers token_type DPoP and cnf for a bound token (RFC 9449 §6.2)', async () => {
    const call = await clientCredentials(await key.proof({ htm: 'POST', htu: tokenUrl }));
    const answer = await postForm(
      `${server.url}/introspect`,
      { token: call.body.access_token as string },
      { basic: { clientId: scenario.client.clientId, secret: scenario.secret } },
    );
    expect(answer.body).toMatchObject({
      active: true,
      token_type: 'DPoP',
      cnf: { jkt: key.jkt },
    });
  });

  it('refuses a replayed proof, on this instance and on another', async () => {
    const proof = await key.proof({ htm: 'POST', htu: tokenUrl });
    expect((await clientCredentials(proof)).status).toBe(200);
    expectDpopError(await clientCredentials(proof));
    const other = await startAuthServer(ctx);
    try {
      await settle(ctx, other.url);
      const call = await postToken(
        other.url,
        { grant_type: 'client_credentials', resource: scenario.contract.resourceIndicator },
        {
          basic: { clientId: scenario.client.clientId, secret: scenario.secret },
          headers: { dpop: proof },
        },
      );
      expectDpopError(call);
      expect(call.body.error_description).toMatch(/already used/);
    } finally {
      await other.close();
    }
  });

  it('of 50 parallel requests with one proof, exactly one gets a token', async () => {
    const proof = await key.proof({ htm: 'POST', htu: tokenUrl });
    const calls = await Promise.all(Array.from({ length: 50 }, () => clientCredentials(proof)));
    expect(calls.filter((call) => call.status === 200)).toHaveLength(1);
    expect(calls.filter((call) => call.body.error === 'invalid_dpop_proof')).toHaveLength(49);
  });

  it('refuses a proof for another URL: a longer path, another host (htu, §4.3 item 9)', async () => {
    for (const htu of [`${tokenUrl}/x`, 'https://evil.example.test/token', `${server.url}/token`]) {
      const call = await clientCredentials(await key.proof({ htm: 'POST', htu }));
      expectDpopError(call);
      expect(call.body.error_description).toMatch(/htu/);
    }
  });

  it('accepts htu with a query, which is ignored (§4.3 item 9)', async () => {
    const call = await clientCredentials(await key.proof({ htm: 'POST', htu: `${tokenUrl}?x=1` }));
    expect(call.status).toBe(200);
  });

  it('refuses a proof for another method (htm)', async () => {
    const call = await clientCredentials(await key.proof({ htm: 'GET', htu: tokenUrl }));
    expectDpopError(call);
    expect(call.body.error_description).toMatch(/htm/);
  });

  it('refuses a stale iat, beyond DPOP_PROOF_MAX_AGE and the clock tolerance', async () => {
    const iat = Math.floor(Date.now() / 1000) - server.config.DPOP_PROOF_MAX_AGE - 30;
    const call = await clientCredentials(await key.proof({ htm: 'POST', htu: tokenUrl, iat }));
    expectDpopError(call);
    expect(call.body.error_description).toMatch(/too old/);
  });

  it('refuses a proof with a private jwk, with typ JWT, or two DPoP headers', async () => {
    const typ = await key.proof({ htm: 'POST', htu: tokenUrl }, { typ: 'JWT' });
    expectDpopError(await clientCredentials(typ));
    const twice = `${await key.proof({ htm: 'POST', htu: tokenUrl })}, ${await key.proof({ htm: 'POST', htu: tokenUrl })}`;
    expectDpopError(await clientCredentials(twice));
    const withPrivate = await key.proof(
      { htm: 'POST', htu: tokenUrl },
      { jwk: { ...key.publicJwk, d: 'AAAA' } },
    );
    expectDpopError(await clientCredentials(withPrivate));
  });

  it('a refused proof issues nothing and is not spent by a failed client authentication', async () => {
    const proof = await key.proof({ htm: 'POST', htu: tokenUrl });
    const wrong = await clientCredentials(proof, { client: scenario.client, secret: 'wrong' });
    expect(wrong.status).toBe(401);
    expect((await clientCredentials(proof)).status).toBe(200);
  });

  it('discovery announces dpop_signing_alg_values_supported without none or HMAC', async () => {
    const metadata = (await (
      await fetch(`${server.url}/.well-known/oauth-authorization-server`)
    ).json()) as { dpop_signing_alg_values_supported: string[] };
    expect(metadata.dpop_signing_alg_values_supported).toContain('ES256');
    expect(metadata.dpop_signing_alg_values_supported).toContain('PS256');
    expect(
      metadata.dpop_signing_alg_values_supported.some(
        (alg) => alg === 'none' || alg.startsWith('HS'),
      ),
    ).toBe(false);
  });

  describe('authorization code and refresh (public client)', () => {
    let interactive: InteractiveScenario;
    const redeem = (code: string, verifier: string, proof?: string) =>
      postToken(
        server.url,
        {
          grant_type: 'authorization_code',
          client_id: interactive.client.clientId,
          code,
          redirect_uri: REDIRECT_URI,
          code_verifier: verifier,
        },
        { headers: proof === undefined ? {} : { dpop: proof } },
      );
    const refresh = (token: string, proof?: string) =>
      postToken(
        server.url,
        {
          grant_type: 'refresh_token',
          client_id: interactive.client.clientId,
          refresh_token: token,
        },
        { headers: proof === undefined ? {} : { dpop: proof } },
      );

    beforeAll(async () => {
      interactive = await publishInteractiveScenario(ctx, server.url);
    });

    it('dpop_jkt binds the code: no proof, or a proof of another key, is invalid_grant (§10)', async () => {
      const { code, verifier } = await obtainCode(new Browser(), server.url, interactive, {
        dpop_jkt: key.jkt,
      });
      const none = await redeem(code, verifier);
      expect(none.body.error).toBe('invalid_grant');
      const other = await newDpopKey();
      const wrong = await redeem(code, verifier, await other.proof({ htm: 'POST', htu: tokenUrl }));
      expect(wrong.body.error).toBe('invalid_grant');
      const right = await redeem(code, verifier, await key.proof({ htm: 'POST', htu: tokenUrl }));
      expect(right.status).toBe(200);
      expect(right.body.token_type).toBe('DPoP');
      expect(decodeJwt(right.body.access_token as string).cnf).toEqual({ jkt: key.jkt });
      const [row] = await queryDatabase<{ dpop_jkt: string }>(
        ctx.databaseUrl,
        'SELECT dpop_jkt FROM auth.authorization_codes WHERE used_at IS NOT NULL AND dpop_jkt = $1',
        [key.jkt],
      );
      expect(row?.dpop_jkt).toBe(key.jkt);
    });

    it('a malformed dpop_jkt is invalid_request at /authorize', async () => {
      const browser = new Browser();
      const page = await browser.request(
        `${server.url}/authorize?${new URLSearchParams({
          client_id: interactive.client.clientId,
          redirect_uri: REDIRECT_URI,
          response_type: 'code',
          scope: 'openid',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
          dpop_jkt: 'not-a-thumbprint',
        }).toString()}`,
      );
      expect(page.location.searchParams.get('error')).toBe('invalid_request');
    });

    it('/userinfo: a bound token as bearer is refused; with DPoP and a proof of its key it answers', async () => {
      const { code, verifier } = await obtainCode(new Browser(), server.url, interactive);
      const tokens = await redeem(code, verifier, await key.proof({ htm: 'POST', htu: tokenUrl }));
      const accessToken = tokens.body.access_token as string;
      const userinfoUrl = `${server.config.AUTH_ISSUER}/userinfo`;
      const asBearer = await fetch(`${server.url}/userinfo`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(asBearer.status).toBe(401);
      expect(asBearer.headers.get('www-authenticate')).toMatch(/^DPoP algs="[^"]*ES256/);
      const other = await newDpopKey();
      const otherKey = await fetch(`${server.url}/userinfo`, {
        headers: {
          authorization: `DPoP ${accessToken}`,
          dpop: await other.proof({
            htm: 'GET',
            htu: userinfoUrl,
            ath: accessTokenHash(accessToken),
          }),
        },
      });
      expect(otherKey.status).toBe(401);
      expect(otherKey.headers.get('www-authenticate')).toMatch(/error="invalid_dpop_proof"/);
      const good = await fetch(`${server.url}/userinfo`, {
        headers: {
          authorization: `DPoP ${accessToken}`,
          dpop: await key.proof({
            htm: 'GET',
            htu: userinfoUrl,
            ath: accessTokenHash(accessToken),
          }),
        },
      });
      expect(good.status).toBe(200);
      expect(((await good.json()) as { sub: string }).sub).toBe(interactive.user.id);
    });

    it("a public client's refresh token is bound to its key: another key or none is refused (§5)", async () => {
      const { code, verifier } = await obtainCode(new Browser(), server.url, interactive, {
        scope: 'openid offline_access',
      });
      const first = await redeem(code, verifier, await key.proof({ htm: 'POST', htu: tokenUrl }));
      expect(first.status).toBe(200);
      const refreshToken = first.body.refresh_token as string;
      expect((await refresh(refreshToken)).body.error).toBe('invalid_grant');
      const other = await newDpopKey();
      const wrong = await refresh(refreshToken, await other.proof({ htm: 'POST', htu: tokenUrl }));
      expect(wrong.body.error).toBe('invalid_grant');
      // Nothing was spent by the refusals: the key holder refreshes.
      const right = await refresh(refreshToken, await key.proof({ htm: 'POST', htu: tokenUrl }));
      expect(right.status).toBe(200);
      expect(right.body.token_type).toBe('DPoP');
      expect(decodeJwt(right.body.access_token as string).cnf).toEqual({ jkt: key.jkt });
    });
  });
});

describe('DPoP server nonces (RFC 9449 §8), DPOP_NONCE_REQUIRED=true', () => {
  let ctx: TestContext;
  let first: RunningAuthServer;
  let second: RunningAuthServer;
  let scenario: Scenario;

  beforeAll(async () => {
    ctx = await createTestContext();
    first = await startAuthServer(ctx, { DPOP_NONCE_REQUIRED: 'true' });
    second = await startAuthServer(ctx, { DPOP_NONCE_REQUIRED: 'true' });
    scenario = await publishScenario(ctx);
    await settle(ctx, first.url);
    await settle(ctx, second.url);
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await ctx?.cleanup();
  });

  const call = (baseUrl: string, proof: string) =>
    fetch(`${baseUrl}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basicHeader(scenario.client.clientId, scenario.secret),
        dpop: proof,
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        resource: scenario.contract.resourceIndicator,
      }).toString(),
    });

  it('a proof without the nonce gets use_dpop_nonce and DPoP-Nonce; with it, a token; another instance accepts it', async () => {
    const key = await newDpopKey();
    const htu = `${first.config.AUTH_ISSUER}/token`;
    const refused = await call(first.url, await key.proof({ htm: 'POST', htu }));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe('use_dpop_nonce');
    const nonce = refused.headers.get('dpop-nonce');
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const granted = await call(second.url, await key.proof({ htm: 'POST', htu, nonce: nonce! }));
    expect(granted.status).toBe(200);
    expect(granted.headers.get('dpop-nonce')).toBe(nonce);
  });

  it('a made-up nonce is use_dpop_nonce too', async () => {
    const key = await newDpopKey();
    const htu = `${first.config.AUTH_ISSUER}/token`;
    const refused = await call(
      first.url,
      await key.proof({ htm: 'POST', htu, nonce: 'A'.repeat(43) }),
    );
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe('use_dpop_nonce');
  });
});
