import { createHash } from 'node:crypto';
import { SystemAccountCreated } from '@charter/events';
import { createTestContext, queryDatabase, type TestContext, waitFor } from '@charter/testing';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atHash } from '../../src/oauth/token/id-token.issuer.js';
import { buildSystemAccount, publishEvent, settle } from '../support/account-events.js';
import {
  postForm,
  postToken,
  type RunningAuthServer,
  startAuthServer,
} from '../support/auth-server.js';
import {
  Browser,
  type InteractiveScenario,
  obtainCode,
  publishInteractiveScenario,
  REDIRECT_URI,
} from '../support/authorization-flow.js';

describe('authorization_code grant (RFC 6749 §4.1.3, RFC 7636 §4.6, OIDC Core §3.1.3)', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let scenario: InteractiveScenario;
  const exchange = (code: string, verifier: string, overrides: Record<string, string> = {}) =>
    postToken(server.url, {
      grant_type: 'authorization_code',
      client_id: scenario.client.clientId,
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      ...overrides,
    });

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx);
    scenario = await publishInteractiveScenario(ctx, server.url);
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('a public client redeems the code with its verifier: access, id and refresh tokens', async () => {
    const { code, verifier } = await obtainCode(new Browser(), server.url, scenario);
    const response = await exchange(code, verifier);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toMatchObject({ token_type: 'Bearer', scope: 'openid profile email' });
    const access = decodeJwt(response.body.access_token as string);
    expect(access).toMatchObject({
      iss: server.config.AUTH_ISSUER,
      sub: scenario.user.id,
      aud: scenario.client.clientId,
      client_id: scenario.client.clientId,
      enterprise_id: scenario.enterprise.id,
      scope: 'openid profile email',
    });
    expect(typeof access.auth_time).toBe('number');
    const idToken = response.body.id_token as string;
    // RS256: the client registered no id_token_signed_response_alg (OIDC Core §15.1).
    expect(decodeProtectedHeader(idToken)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(decodeJwt(idToken)).toMatchObject({
      iss: server.config.AUTH_ISSUER,
      sub: scenario.user.id,
      aud: scenario.client.clientId,
      nonce: 'n-0S6',
      auth_time: access.auth_time,
      at_hash: atHash(response.body.access_token as string),
      email: scenario.user.email,
      email_verified: true,
      name: scenario.user.name,
    });
    expect(typeof response.body.refresh_token).toBe('string');
  });

  it('a token for a content API under the enterprise contract carries contract_id', async () => {
    const { code, verifier } = await obtainCode(new Browser(), server.url, scenario, {
      scope: 'openid articles:read',
      resource: scenario.contract.resourceIndicator,
    });
    const response = await exchange(code, verifier);
    expect(response.status).toBe(200);
    expect(decodeJwt(response.body.access_token as string)).toMatchObject({
      aud: scenario.contract.resourceIndicator,
      scope: 'articles:read',
      contract_id: scenario.contract.id,
      enterprise_id: scenario.enterprise.id,
    });
  });

  // The refusal spends nothing: a request that fails the PKCE check (someone holding an
  // intercepted code without the verifier) cannot burn the code before its client redeems it.
  it('refuses a missing or wrong code_verifier (invalid_grant); the code stays for the right one', async () => {
    const { code, verifier } = await obtainCode(new Browser(), server.url, scenario);
    const noVerifier = await postToken(server.url, {
      grant_type: 'authorization_code',
      client_id: scenario.client.clientId,
      code,
      redirect_uri: REDIRECT_URI,
    });
    expect(noVerifier.status).toBe(400);
    expect(noVerifier.body).toEqual({
      error: 'invalid_grant',
      error_description: 'code_verifier is required',
    });
    const other = 'x'.repeat(43);
    expect((await exchange(code, other)).body).toEqual({
      error: 'invalid_grant',
      error_description: 'code_verifier does not match the code challenge',
    });
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  // RFC 7636 §4.6 / RFC 9700 §2.1.1: only S256. A verifier equal to the challenge is what a
  // `plain` downgrade would accept; the code stays redeemable by the verifier that made it.
  it('refuses a code_verifier equal to the code challenge (no plain downgrade)', async () => {
    const { code, verifier } = await obtainCode(new Browser(), server.url, scenario);
    const challenge = createHash('sha256').update(verifier, 'ascii').digest('base64url');
    const downgraded = await exchange(code, challenge);
    expect(downgraded.status).toBe(400);
    expect(downgraded.body).toEqual({
      error: 'invalid_grant',
      error_description: 'code_verifier does not match the code challenge',
    });
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  // RFC 6749 §4.1.3: redirect_uri is REQUIRED when the authorization request included it.
  it('refuses a token request without redirect_uri when /authorize had one', async () => {
    const { code, verifier, redirect } = await obtainCode(new Browser(), server.url, scenario);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
    const withoutRedirect = await postToken(server.url, {
      grant_type: 'authorization_code',
      client_id: scenario.client.clientId,
      code,
      code_verifier: verifier,
    });
    expect(withoutRedirect.status).toBe(400);
    expect(withoutRedirect.body).toEqual({
      error: 'invalid_grant',
      error_description: 'redirect_uri does not match the authorization request',
    });
    expect(withoutRedirect.body).not.toHaveProperty('access_token');
    // Nothing was spent: the complete request still redeems it.
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  // RFC 6749 §4.1.3: "ensure that the authorization code was issued to the authenticated
  // confidential client, or if the client is public, ensure that the code was issued to
  // client_id". The neighbour: a registered public client of the same enterprise, with the same
  // redirect URI and grants, holding the right verifier: only the client differs.
  it('refuses a code issued to client A when another registered client B of the same enterprise redeems it', async () => {
    const { state: sibling } = buildSystemAccount({
      enterpriseId: scenario.enterprise.id,
      grantTypes: ['authorization_code', 'refresh_token'],
      tokenEndpointAuthMethods: ['none'],
      redirectUris: [REDIRECT_URI],
    });
    await publishEvent(ctx, SystemAccountCreated, sibling, 1);
    await settle(ctx, server.url);
    // B is usable: it gets a code of its own for the same user.
    const own = await obtainCode(new Browser(), server.url, { ...scenario, client: sibling });
    expect((await exchange(own.code, own.verifier, { client_id: sibling.clientId })).status).toBe(
      200,
    );

    const { code, verifier } = await obtainCode(new Browser(), server.url, scenario);
    const stolen = await exchange(code, verifier, { client_id: sibling.clientId });
    expect(stolen.status).toBe(400);
    expect(stolen.body).toEqual({
      error: 'invalid_grant',
      error_description: 'the code was issued to another client',
    });
    // Refused before it was spent: A still redeems its code, and gets A's token.
    const rightful = await exchange(code, verifier);
    expect(rightful.status).toBe(200);
    expect(decodeJwt(rightful.body.access_token as string).client_id).toBe(
      scenario.client.clientId,
    );
  });

  it('refuses an expired code', async () => {
    const { code, verifier } = await obtainCode(new Browser(), server.url, scenario);
    await queryDatabase(
      ctx.databaseUrl,
      `UPDATE auth.authorization_codes SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`,
    );
    expect((await exchange(code, verifier)).body).toMatchObject({
      error: 'invalid_grant',
      error_description: 'the code has expired',
    });
  });

  it('a reused code is refused and revokes the tokens issued from it (RFC 6749 §4.1.2)', async () => {
    const { code, verifier } = await obtainCode(new Browser(), server.url, scenario);
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    const second = await exchange(code, verifier);
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({
      error: 'invalid_grant',
      error_description: 'the code was already used',
    });
    const jti = decodeJwt(first.body.access_token as string).jti as string;
    const rows = await queryDatabase(
      ctx.databaseUrl,
      'SELECT jti FROM auth.revoked_tokens WHERE jti = $1',
      [jti],
    );
    expect(rows).toHaveLength(1);
    // The refresh token of that family is dead too.
    const refreshed = await postToken(server.url, {
      grant_type: 'refresh_token',
      client_id: scenario.client.clientId,
      refresh_token: first.body.refresh_token as string,
    });
    expect(refreshed.body).toMatchObject({ error: 'invalid_grant' });
    // And the userinfo endpoint no longer accepts the access token.
    await waitFor('the revocation', async () => {
      const response = await fetch(`${server.url}/userinfo`, {
        headers: { authorization: `Bearer ${first.body.access_token as string}` },
      });
      return response.status === 401;
    });
  });

  it('a confidential client authenticates with its secret (client_secret_basic)', async () => {
    const confidential = await publishInteractiveScenario(ctx, server.url, {
      tokenEndpointAuthMethods: ['client_secret_basic'],
    });
    const own = await obtainCode(new Browser(), server.url, confidential);
    const withoutSecret = await postToken(server.url, {
      grant_type: 'authorization_code',
      client_id: confidential.client.clientId,
      code: own.code,
      redirect_uri: REDIRECT_URI,
      code_verifier: own.verifier,
    });
    expect(withoutSecret.status).toBe(401);
    const own2 = await obtainCode(new Browser(), server.url, confidential);
    const response = await postToken(
      server.url,
      {
        grant_type: 'authorization_code',
        code: own2.code,
        redirect_uri: REDIRECT_URI,
        code_verifier: own2.verifier,
      },
      { basic: { clientId: confidential.client.clientId, secret: confidential.secret } },
    );
    expect(response.status).toBe(200);
    expect(decodeJwt(response.body.access_token as string).sub).toBe(confidential.user.id);
  });

  it('refuses the grant to a client not registered for it (unauthorized_client)', async () => {
    const { code, verifier } = await obtainCode(new Browser(), server.url, scenario);
    const machine = await publishInteractiveScenario(ctx, server.url, {
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethods: ['client_secret_post'],
    });
    const response = await postForm(`${server.url}/token`, {
      grant_type: 'authorization_code',
      client_id: machine.client.clientId,
      client_secret: machine.secret,
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(response.body).toMatchObject({ error: 'unauthorized_client' });
  });
});
