import { createTestContext, queryDatabase, type TestContext } from '@charter/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSystemAccount, publishEvent, settle } from './support/account-events.js';
import {
  postForm,
  postToken,
  type RunningAuthServer,
  startAuthServer,
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
import { newDpopKey } from './support/dpop.js';
import { SystemAccountCreated } from '@charter/events';

/** RFC 9126: POST /par, then /authorize with the one-time request_uri. */
describe('pushed authorization requests (RFC 9126)', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let scenario: InteractiveScenario;

  const push = (
    form: Record<string, string>,
    who: { clientId: string; secret: string } = {
      clientId: scenario.client.clientId,
      secret: scenario.secret,
    },
    headers: Record<string, string> = {},
  ) =>
    postForm(
      `${server.url}/par`,
      {
        response_type: 'code',
        redirect_uri: REDIRECT_URI,
        scope: 'openid email',
        state: 'st-1',
        ...form,
      },
      { basic: who, headers },
    );

  /** Logs in and consents through the pages, starting from /authorize with the request_uri. */
  async function authorizeWithUri(browser: Browser, requestUri: string): Promise<URL> {
    let page = await browser.request(
      authorizeUrl(server.url, { client_id: scenario.client.clientId, request_uri: requestUri }),
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

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx);
    scenario = await publishInteractiveScenario(ctx, server.url, {
      tokenEndpointAuthMethods: ['client_secret_basic'],
    });
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('pushes, authorizes with the request_uri alone, redeems the code; the request_uri is then spent', async () => {
    const { verifier, challenge } = pkce();
    const pushed = await push({ code_challenge: challenge, code_challenge_method: 'S256' });
    expect(pushed.status).toBe(201);
    expect(pushed.headers.get('cache-control')).toBe('no-store');
    expect(pushed.body.request_uri).toMatch(
      /^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}$/,
    );
    expect(pushed.body.expires_in).toBe(server.config.PAR_REQUEST_TTL);
    const browser = new Browser();
    const redirect = await authorizeWithUri(browser, pushed.body.request_uri as string);
    expect(redirect.searchParams.get('state')).toBe('st-1');
    const code = redirect.searchParams.get('code')!;
    const tokens = await postToken(
      server.url,
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      },
      { basic: { clientId: scenario.client.clientId, secret: scenario.secret } },
    );
    expect(tokens.status).toBe(200);
    expect(decodeJwt(tokens.body.access_token as string).sub).toBe(scenario.user.id);
    // One-time: the same request_uri, even with the SSO session, is refused.
    const again = await browser.request(
      authorizeUrl(server.url, {
        client_id: scenario.client.clientId,
        request_uri: pushed.body.request_uri as string,
      }),
    );
    expect(again.status).toBe(400);
  });

  it('of 20 parallel uses of one request_uri with a live session, exactly one gets a code', async () => {
    const { challenge } = pkce();
    const browser = new Browser();
    // A first authorization gives the session and the consent.
    const first = await push({ code_challenge: challenge, code_challenge_method: 'S256' });
    expect(
      (await authorizeWithUri(browser, first.body.request_uri as string)).searchParams.has('code'),
    ).toBe(true);
    const pushed = await push({ code_challenge: challenge, code_challenge_method: 'S256' });
    const url = authorizeUrl(server.url, {
      client_id: scenario.client.clientId,
      request_uri: pushed.body.request_uri as string,
    });
    const pages = await Promise.all(Array.from({ length: 20 }, () => browser.request(url)));
    const codes = pages.filter(
      (page) => page.status === 302 && page.location.searchParams.has('code'),
    );
    expect(codes).toHaveLength(1);
  });

  it('refuses a request_uri at /authorize under another client_id of the same enterprise', async () => {
    const { state: neighbour } = buildSystemAccount({
      enterpriseId: scenario.enterprise.id,
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethods: ['none'],
      redirectUris: [REDIRECT_URI],
    });
    await publishEvent(ctx, SystemAccountCreated, neighbour, 1);
    await settle(ctx, server.url);
    const { challenge } = pkce();
    const pushed = await push({ code_challenge: challenge, code_challenge_method: 'S256' });
    const page = await new Browser().request(
      authorizeUrl(server.url, {
        client_id: neighbour.clientId,
        request_uri: pushed.body.request_uri as string,
      }),
    );
    expect(page.status).toBe(400);
  });

  it('refuses an expired request_uri', async () => {
    const { challenge } = pkce();
    const pushed = await push({ code_challenge: challenge, code_challenge_method: 'S256' });
    server.clock.advance(server.config.PAR_REQUEST_TTL + 1);
    try {
      const page = await new Browser().request(
        authorizeUrl(server.url, {
          client_id: scenario.client.clientId,
          request_uri: pushed.body.request_uri as string,
        }),
      );
      expect(page.status).toBe(400);
    } finally {
      server.clock.reset();
    }
  });

  it('authenticates the client: a wrong secret is invalid_client and stores nothing', async () => {
    const [{ count: before }] = (await queryDatabase<{ count: string }>(
      ctx.databaseUrl,
      'SELECT count(*) FROM auth.pushed_authorization_requests',
    )) as [{ count: string }];
    const refused = await push({}, { clientId: scenario.client.clientId, secret: 'wrong-secret' });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_client');
    const [{ count: after }] = (await queryDatabase<{ count: string }>(
      ctx.databaseUrl,
      'SELECT count(*) FROM auth.pushed_authorization_requests',
    )) as [{ count: string }];
    expect(after).toBe(before);
  });

  it('checks the request as /authorize would: an unregistered redirect URI, no PKCE, a pushed request_uri', async () => {
    const { challenge } = pkce();
    const longer = await push({
      redirect_uri: `${REDIRECT_URI}/more`,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect({ status: longer.status, error: longer.body.error }).toEqual({
      status: 400,
      error: 'invalid_request',
    });
    const uri = await push({
      request_uri: 'urn:ietf:params:oauth:request_uri:x',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(uri.body.error).toBe('invalid_request');
    const unknownScope = await push({
      scope: 'openid no-such-scope',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(unknownScope.body.error).toBe('invalid_scope');
  });

  it('a DPoP proof at /par binds the code to its key (RFC 9449 §10.1)', async () => {
    const key = await newDpopKey();
    const { verifier, challenge } = pkce();
    const pushed = await push(
      { code_challenge: challenge, code_challenge_method: 'S256' },
      undefined,
      { dpop: await key.proof({ htm: 'POST', htu: `${server.config.AUTH_ISSUER}/par` }) },
    );
    expect(pushed.status).toBe(201);
    const redirect = await authorizeWithUri(new Browser(), pushed.body.request_uri as string);
    const code = redirect.searchParams.get('code')!;
    const redeem = (dpop?: string) =>
      postToken(
        server.url,
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT_URI,
          code_verifier: verifier,
        },
        {
          basic: { clientId: scenario.client.clientId, secret: scenario.secret },
          headers: dpop === undefined ? {} : { dpop },
        },
      );
    expect((await redeem()).body.error).toBe('invalid_grant');
    const bound = await redeem(
      await key.proof({ htm: 'POST', htu: `${server.config.AUTH_ISSUER}/token` }),
    );
    expect(bound.status).toBe(200);
    expect(decodeJwt(bound.body.access_token as string).cnf).toEqual({ jkt: key.jkt });
  });
});

describe('PAR_REQUIRED=true (RFC 9126 §5)', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let scenario: InteractiveScenario;

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx, { PAR_REQUIRED: 'true' });
    scenario = await publishInteractiveScenario(ctx, server.url);
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('/authorize without request_uri is invalid_request; discovery says PAR is required', async () => {
    const { challenge } = pkce();
    const page = await new Browser().request(
      authorizeUrl(server.url, {
        client_id: scenario.client.clientId,
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
        scope: 'openid',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
    );
    expect(page.location.searchParams.get('error')).toBe('invalid_request');
    const metadata = (await (
      await fetch(`${server.url}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      pushed_authorization_request_endpoint: `${server.config.AUTH_ISSUER}/par`,
      require_pushed_authorization_requests: true,
    });
  });
});
