import { randomUUID } from 'node:crypto';
import { createTestContext, type TestContext } from '@charter/testing';
import { SystemAccountCreated } from '@charter/events';
import {
  type CryptoKey,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type JWK,
  SignJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSystemAccount, publishEvent, settle } from './support/account-events.js';
import {
  postForm,
  postToken,
  type RunningAuthServer,
  startAuthServer,
  type TokenCall,
} from './support/auth-server.js';
import {
  authorizeUrl,
  Browser,
  type InteractiveScenario,
  publishInteractiveScenario,
  REDIRECT_URI,
  submit,
} from './support/authorization-flow.js';
import { pkce } from './support/browser.js';
import { type DpopKey, newDpopKey } from './support/dpop.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface ClientKey {
  readonly alg: 'ES256' | 'RS256';
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

async function clientKey(alg: 'ES256' | 'RS256'): Promise<ClientKey> {
  const pair = await generateKeyPair(alg, { extractable: true });
  const kid = `${alg}-${randomUUID()}`;
  return {
    alg,
    kid,
    privateKey: pair.privateKey,
    publicJwk: { ...(await exportJWK(pair.publicKey)), kid, use: 'sig' },
  };
}

/**
 * The FAPI 2.0 Security Profile per client (`securityProfile: fapi2`): PAR only, private_key_jwt
 * with ES256/PS256, DPoP-bound tokens, `iss` in the response, no password grant. Its neighbour, a
 * client of the same enterprise without the profile, keeps its own rules.
 */
describe('the fapi2 security profile at the authorization server', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let scenario: InteractiveScenario;
  let es256: ClientKey;
  let rs256: ClientKey;
  let dpop: DpopKey;

  const clientId = (): string => scenario.client.clientId;

  const assertion = (key: ClientKey = es256, who = clientId()): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: key.alg, kid: key.kid })
      .setIssuer(who)
      .setSubject(who)
      .setAudience(server.config.AUTH_ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(key.privateKey);
  };

  const authentication = async (key?: ClientKey): Promise<Record<string, string>> => ({
    client_id: clientId(),
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: await assertion(key),
  });

  const proof = (path: '/token' | '/par', key: DpopKey = dpop): Promise<string> =>
    key.proof({ htm: 'POST', htu: `${server.config.AUTH_ISSUER}${path}` });

  const push = async (
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<TokenCall> =>
    postForm(
      `${server.url}/par`,
      {
        response_type: 'code',
        scope: 'openid email',
        state: 'st-fapi',
        nonce: 'n-fapi',
        ...(await authentication()),
        ...form,
      },
      { headers },
    );

  /** PAR with a DPoP proof → login → consent → the redirect. */
  async function authorizeThroughPar(verifierChallenge = pkce()): Promise<URL> {
    const pushed = await push(
      {
        redirect_uri: REDIRECT_URI,
        code_challenge: verifierChallenge.challenge,
        code_challenge_method: 'S256',
      },
      { dpop: await proof('/par') },
    );
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(201);
    const browser = new Browser();
    let page = await browser.request(
      authorizeUrl(server.url, {
        client_id: clientId(),
        request_uri: pushed.body.request_uri as string,
      }),
    );
    if (page.status === 200 && page.html.includes('name="password"')) {
      page = await submit(browser, server.url, page, 'authorize', {
        email: scenario.user.email,
        password: scenario.password,
      });
    }
    if (page.status === 200 && page.html.includes('value="consent"')) {
      page = await submit(browser, server.url, page, 'authorize', { decision: 'allow' });
    }
    return page.location;
  }

  const expectError = (call: TokenCall, status: number, error: string, rule: RegExp): void => {
    expect({ status: call.status, error: call.body.error }).toEqual({ status, error });
    expect(call.body.error_description).toMatch(rule);
    expect(call.body).not.toHaveProperty('access_token');
    expect(call.headers.get('cache-control')).toBe('no-store');
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx);
    es256 = await clientKey('ES256');
    rs256 = await clientKey('RS256');
    dpop = await newDpopKey();
    scenario = await publishInteractiveScenario(ctx, server.url, {
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
      tokenEndpointAuthMethods: ['private_key_jwt'],
      jwks: { keys: [es256.publicJwk, rs256.publicJwk] },
      idTokenSignedResponseAlg: 'ES256',
      securityProfile: 'fapi2',
    });
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('PAR → login → code with iss (RFC 9207) → DPoP-bound tokens, ES256 ID token → a DPoP refresh', async () => {
    const { verifier, challenge } = pkce();
    const redirect = await authorizeThroughPar({ verifier, challenge });
    expect(redirect.searchParams.get('iss')).toBe(server.config.AUTH_ISSUER);
    expect(redirect.searchParams.get('state')).toBe('st-fapi');
    const code = redirect.searchParams.get('code')!;
    const tokens = await postToken(
      server.url,
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
        ...(await authentication()),
      },
      { headers: { dpop: await proof('/token') } },
    );
    expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
    expect(tokens.body.token_type).toBe('DPoP');
    expect(decodeJwt(tokens.body.access_token as string).cnf).toEqual({ jkt: dpop.jkt });
    expect(decodeProtectedHeader(tokens.body.id_token as string).alg).toBe('ES256');

    // The refresh needs a proof too (every token a fapi2 client gets is DPoP-bound).
    const bare = await postToken(server.url, {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token as string,
      ...(await authentication()),
    });
    expectError(bare, 400, 'invalid_dpop_proof', /FAPI 2\.0 section 5\.3\.2\.1/);
    const refreshed = await postToken(
      server.url,
      {
        grant_type: 'refresh_token',
        refresh_token: tokens.body.refresh_token as string,
        ...(await authentication()),
      },
      { headers: { dpop: await proof('/token') } },
    );
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    expect(refreshed.body.token_type).toBe('DPoP');
  });

  it('refuses /authorize without PAR (redirected invalid_request); the neighbour without the profile is not', async () => {
    const { challenge } = pkce();
    const parameters = {
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid',
      state: 'st-direct',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    const direct = await new Browser().request(
      authorizeUrl(server.url, { client_id: clientId(), ...parameters }),
    );
    expect(direct.status).toBe(302);
    expect(direct.location.searchParams.get('error')).toBe('invalid_request');
    expect(direct.location.searchParams.get('iss')).toBe(server.config.AUTH_ISSUER);
    expect(direct.location.searchParams.has('code')).toBe(false);

    const { state: neighbour } = buildSystemAccount({
      enterpriseId: scenario.enterprise.id,
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethods: ['none'],
      redirectUris: [REDIRECT_URI],
    });
    await publishEvent(ctx, SystemAccountCreated, neighbour, 1);
    await settle(ctx, server.url);
    const allowed = await new Browser().request(
      authorizeUrl(server.url, { client_id: neighbour.clientId, ...parameters }),
    );
    expect(allowed.status).toBe(200);
    expect(allowed.html).toContain('name="password"');
  });

  it('refuses a pushed request without redirect_uri (§5.3.2.2), even with one registered URI', async () => {
    const { challenge } = pkce();
    const pushed = await push({ code_challenge: challenge, code_challenge_method: 'S256' });
    expectError(pushed, 400, 'invalid_request', /redirect_uri.*FAPI 2\.0 section 5\.3\.2\.2/);
  });

  it('client_credentials: refused without a DPoP proof, bound with one', async () => {
    const form = async (): Promise<Record<string, string>> => ({
      grant_type: 'client_credentials',
      resource: scenario.contract.resourceIndicator,
      ...(await authentication()),
    });
    expectError(await postToken(server.url, await form()), 400, 'invalid_dpop_proof', /DPoP-bound/);
    const bound = await postToken(server.url, await form(), {
      headers: { dpop: await proof('/token') },
    });
    expect(bound.status, JSON.stringify(bound.body)).toBe(200);
    expect(bound.body.token_type).toBe('DPoP');
  });

  it('refuses a client assertion signed RS256 with a registered RSA key (§5.4.1)', async () => {
    const call = await postToken(
      server.url,
      {
        grant_type: 'client_credentials',
        resource: scenario.contract.resourceIndicator,
        ...(await authentication(rs256)),
      },
      { headers: { dpop: await proof('/token') } },
    );
    expect({ status: call.status, error: call.body.error }).toEqual({
      status: 401,
      error: 'invalid_client',
    });
  });

  it('refuses a DPoP proof signed RS256 (§5.4.1), which another client may use', async () => {
    const call = await postToken(
      server.url,
      {
        grant_type: 'client_credentials',
        resource: scenario.contract.resourceIndicator,
        ...(await authentication()),
      },
      { headers: { dpop: await proof('/token', await newDpopKey('RS256')) } },
    );
    expectError(call, 400, 'invalid_dpop_proof', /alg/);
  });

  it('holds even when the projected settings contradict the profile: no secret, no password grant', async () => {
    // An event the account service would refuse to write (it checks the settings): the
    // authorization server still applies the profile's per-request rules.
    const { state: weak, secret } = buildSystemAccount({
      enterpriseId: scenario.enterprise.id,
      grantTypes: ['client_credentials', 'password'],
      tokenEndpointAuthMethods: ['client_secret_basic'],
      securityProfile: 'fapi2',
    });
    await publishEvent(ctx, SystemAccountCreated, weak, 1);
    await settle(ctx, server.url);
    const withSecret = await postToken(
      server.url,
      { grant_type: 'client_credentials', resource: scenario.contract.resourceIndicator },
      { basic: { clientId: weak.clientId, secret }, headers: { dpop: await proof('/token') } },
    );
    expectError(withSecret, 401, 'invalid_client', /private_key_jwt/);
    const password = await postToken(
      server.url,
      {
        grant_type: 'password',
        username: scenario.user.email,
        password: scenario.password,
        resource: scenario.contract.resourceIndicator,
      },
      { basic: { clientId: weak.clientId, secret }, headers: { dpop: await proof('/token') } },
    );
    expect(password.body.error).toMatch(/^(invalid_client|unauthorized_client)$/);
    expect(password.body).not.toHaveProperty('access_token');
  });
});
