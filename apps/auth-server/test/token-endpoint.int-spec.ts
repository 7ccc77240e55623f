import { randomUUID } from 'node:crypto';
import { EnterpriseSuspended, SystemAccountCreated, SystemAccountUpdated } from '@charter/events';
import { createTestContext, type TestContext, waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSystemAccount,
  publishEvent,
  publishScenario,
  type Scenario,
  secretHash,
} from './support/account-events.js';
import {
  basicHeader,
  encodeForm,
  postToken,
  type RunningAuthServer,
  startAuthServer,
  type TokenCall,
} from './support/auth-server.js';

const ARTICLES = 'https://articles.example.test';

/** The shared steps of POST /token: content type, form rules, client authentication, grant type checks. */
describe('POST /token', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let scenario: Scenario;

  const expectOAuthError = (call: TokenCall, status: number, error: string): void => {
    expect({ status: call.status, error: call.body.error }).toEqual({ status, error });
    expect(typeof call.body.error_description).toBe('string');
    expect(call.body.error_description).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]+$/);
    expect(call.headers.get('cache-control')).toBe('no-store');
    expect(call.headers.get('pragma')).toBe('no-cache');
    expect(call.headers.get('content-type')).toMatch(/^application\/json/);
  };

  const expectInvalidClient = (call: TokenCall): void => {
    expectOAuthError(call, 401, 'invalid_client');
    expect(call.headers.get('www-authenticate')).toBe('Basic realm="charter"');
  };

  const raw = async (
    init: RequestInit & { headers?: Record<string, string> },
  ): Promise<TokenCall> => {
    const response = await fetch(`${server.url}/token`, { method: 'POST', ...init });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  };

  const basic = (): { basic: { clientId: string; secret: string } } => ({
    basic: { clientId: scenario.client.clientId, secret: scenario.secret },
  });

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx);
    scenario = await publishScenario(ctx);
    await waitFor(
      'the projection to have the scenario',
      async () =>
        (await postToken(server.url, { grant_type: 'client_credentials' }, basic())).status === 200,
    );
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  describe('client authentication (RFC 6749 §2.3)', () => {
    it('accepts client_secret_basic', async () => {
      const call = await postToken(server.url, { grant_type: 'client_credentials' }, basic());
      expect(call.status).toBe(200);
      expect(call.headers.get('cache-control')).toBe('no-store');
      expect(call.headers.get('pragma')).toBe('no-cache');
    });

    it('accepts client_secret_post', async () => {
      const call = await postToken(server.url, {
        grant_type: 'client_credentials',
        client_id: scenario.client.clientId,
        client_secret: scenario.secret,
      });
      expect(call.status).toBe(200);
      expect(call.body.token_type).toBe('Bearer');
    });

    it('form-urlencodes id and secret inside the Basic header (§2.3.1)', async () => {
      const secret = 'p:a%s+s w/rd';
      const { state: client } = buildSystemAccount(
        { enterpriseId: scenario.enterprise.id, clientId: `odd id:${randomUUID()}` },
        secret,
      );
      await publishEvent(ctx, SystemAccountCreated, client, 1);
      const call = await waitFor('the client', async () => {
        const result = await postToken(
          server.url,
          { grant_type: 'client_credentials' },
          { basic: { clientId: client.clientId, secret } },
        );
        return result.status === 200 ? result : undefined;
      });
      expect(call.status).toBe(200);
    });

    it('refuses a wrong secret', async () => {
      expectInvalidClient(
        await postToken(
          server.url,
          { grant_type: 'client_credentials' },
          { basic: { clientId: scenario.client.clientId, secret: 'wrong' } },
        ),
      );
      expectInvalidClient(
        await postToken(server.url, {
          grant_type: 'client_credentials',
          client_id: scenario.client.clientId,
          client_secret: 'wrong',
        }),
      );
    });

    it('refuses an unknown client the same way as a wrong secret', async () => {
      const call = await postToken(
        server.url,
        { grant_type: 'client_credentials' },
        { basic: { clientId: 'nobody', secret: scenario.secret } },
      );
      expectInvalidClient(call);
      expect(call.body.error_description).toBe('client authentication failed');
    });

    it('refuses a request without client authentication', async () => {
      expectInvalidClient(await postToken(server.url, { grant_type: 'client_credentials' }));
      expectInvalidClient(
        await postToken(server.url, {
          grant_type: 'client_credentials',
          client_id: scenario.client.clientId,
        }),
      );
    });

    it('refuses two authentication methods in one request with invalid_request', async () => {
      const call = await postToken(
        server.url,
        { grant_type: 'client_credentials', client_secret: scenario.secret },
        basic(),
      );
      expectOAuthError(call, 400, 'invalid_request');
    });

    it('refuses a client_id in the body that differs from the Basic one', async () => {
      expectOAuthError(
        await postToken(
          server.url,
          { grant_type: 'client_credentials', client_id: 'someone-else' },
          basic(),
        ),
        400,
        'invalid_request',
      );
    });

    it('refuses other Authorization schemes and malformed Basic credentials', async () => {
      const form = encodeForm({ grant_type: 'client_credentials' });
      const headers = { 'content-type': 'application/x-www-form-urlencoded' };
      expectInvalidClient(
        await raw({ headers: { ...headers, authorization: 'Bearer abc' }, body: form }),
      );
      expectInvalidClient(
        await raw({ headers: { ...headers, authorization: 'Basic !!!' }, body: form }),
      );
      expectInvalidClient(
        await raw({
          headers: {
            ...headers,
            authorization: `Basic ${Buffer.from('no-colon').toString('base64')}`,
          },
          body: form,
        }),
      );
      expectInvalidClient(
        await raw({
          headers: {
            ...headers,
            authorization: `Basic ${Buffer.from('%zz:secret').toString('base64')}`,
          },
          body: form,
        }),
      );
    });

    it('refuses a method the client is not registered for', async () => {
      const { state: client, secret } = buildSystemAccount({
        enterpriseId: scenario.enterprise.id,
        tokenEndpointAuthMethods: ['client_secret_basic'],
      });
      await publishEvent(ctx, SystemAccountCreated, client, 1);
      await waitFor(
        'the client',
        async () =>
          (
            await postToken(
              server.url,
              { grant_type: 'client_credentials' },
              { basic: { clientId: client.clientId, secret } },
            )
          ).status === 200,
      );
      const call = await postToken(server.url, {
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: secret,
      });
      expectInvalidClient(call);
      expect(call.body.error_description).toBe(
        'the client is not registered for client_secret_post',
      );
    });

    it('accepts any unexpired secret and refuses an expired one (rotation overlap)', async () => {
      const { state: client, secret: current } = buildSystemAccount({
        enterpriseId: scenario.enterprise.id,
      });
      const expired = 'an-expired-secret-value';
      const withExpired = {
        ...client,
        secrets: [
          ...client.secrets,
          {
            id: randomUUID(),
            hash: secretHash(expired),
            createdAt: new Date().toISOString(),
            expiresAt: new Date(Date.now() - 1000).toISOString(),
          },
        ],
      };
      await publishEvent(ctx, SystemAccountCreated, withExpired, 1);
      await waitFor(
        'the client',
        async () =>
          (
            await postToken(
              server.url,
              { grant_type: 'client_credentials' },
              { basic: { clientId: client.clientId, secret: current } },
            )
          ).status === 200,
      );
      expectInvalidClient(
        await postToken(
          server.url,
          { grant_type: 'client_credentials' },
          { basic: { clientId: client.clientId, secret: expired } },
        ),
      );
    });

    it('refuses a disabled client, and its enterprise not active, with invalid_client', async () => {
      const own = await publishScenario(ctx);
      const ownBasic = { basic: { clientId: own.client.clientId, secret: own.secret } };
      await waitFor(
        'the scenario',
        async () =>
          (await postToken(server.url, { grant_type: 'client_credentials' }, ownBasic)).status ===
          200,
      );

      await publishEvent(ctx, SystemAccountUpdated, { ...own.client, status: 'disabled' }, 2);
      const disabled = await waitFor('the client to be disabled', async () => {
        const call = await postToken(server.url, { grant_type: 'client_credentials' }, ownBasic);
        return call.status === 401 ? call : undefined;
      });
      expectInvalidClient(disabled);
      expect(disabled.body.error_description).toBe('the client is disabled');

      await publishEvent(ctx, SystemAccountUpdated, { ...own.client, status: 'active' }, 3);
      await waitFor(
        'the client to be enabled',
        async () =>
          (await postToken(server.url, { grant_type: 'client_credentials' }, ownBasic)).status ===
          200,
      );
      await publishEvent(ctx, EnterpriseSuspended, { ...own.enterprise, status: 'suspended' }, 2);
      const suspended = await waitFor('the enterprise to be suspended', async () => {
        const call = await postToken(server.url, { grant_type: 'client_credentials' }, ownBasic);
        return call.status === 401 ? call : undefined;
      });
      expect(suspended.body.error_description).toBe("the client's enterprise is not active");
    });
  });

  describe('grant type (RFC 6749 §5.2)', () => {
    it('requires grant_type', async () => {
      expectOAuthError(await postToken(server.url, {}, basic()), 400, 'invalid_request');
    });

    it('refuses an unknown grant type with unsupported_grant_type', async () => {
      expectOAuthError(
        await postToken(server.url, { grant_type: 'urn:example:magic' }, basic()),
        400,
        'unsupported_grant_type',
      );
      expectOAuthError(
        await postToken(
          server.url,
          { grant_type: 'urn:ietf:params:oauth:grant-type:saml2-bearer', assertion: 'x' },
          basic(),
        ),
        400,
        'unsupported_grant_type',
      );
    });

    it('refuses password, a registered grant, to a client without it with unauthorized_client', async () => {
      expectOAuthError(
        await postToken(
          server.url,
          { grant_type: 'password', username: 'u', password: 'p' },
          basic(),
        ),
        400,
        'unauthorized_client',
      );
    });

    it('refuses a grant the client may not use with unauthorized_client', async () => {
      const { state: client, secret } = buildSystemAccount({
        enterpriseId: scenario.enterprise.id,
        grantTypes: ['password'],
      });
      await publishEvent(ctx, SystemAccountCreated, client, 1);
      const call = await waitFor('the client', async () => {
        const result = await postToken(
          server.url,
          { grant_type: 'client_credentials' },
          { basic: { clientId: client.clientId, secret } },
        );
        return result.status === 400 ? result : undefined;
      });
      expectOAuthError(call, 400, 'unauthorized_client');
    });

    it('drops parameters the grant did not declare', async () => {
      const call = await postToken(
        server.url,
        { grant_type: 'client_credentials', username: 'ignored', code: 'ignored' },
        basic(),
      );
      expect(call.status).toBe(200);
    });
  });

  describe('request format (RFC 6749 §3.2)', () => {
    it('refuses a repeated parameter with invalid_request', async () => {
      const call = await postToken(
        server.url,
        'grant_type=client_credentials&scope=articles:read&scope=articles:search',
        basic(),
      );
      expectOAuthError(call, 400, 'invalid_request');
      expect(call.body.error_description).toBe('parameter scope is included more than once');
      expectOAuthError(
        await postToken(
          server.url,
          'grant_type=client_credentials&grant_type=client_credentials',
          basic(),
        ),
        400,
        'invalid_request',
      );
    });

    it('treats a parameter without a value as omitted (§3.1)', async () => {
      const call = await postToken(
        server.url,
        `grant_type=client_credentials&scope=&resource=${encodeURIComponent(ARTICLES)}`,
        basic(),
      );
      expect(call.status).toBe(200);
    });

    it('refuses a JSON body with invalid_request', async () => {
      const call = await raw({
        headers: {
          'content-type': 'application/json',
          authorization: basicHeader(scenario.client.clientId, scenario.secret),
        },
        body: JSON.stringify({ grant_type: 'client_credentials' }),
      });
      expectOAuthError(call, 400, 'invalid_request');
    });

    it('refuses a malformed JSON body with invalid_request, not a problem document', async () => {
      expectOAuthError(
        await raw({ headers: { 'content-type': 'application/json' }, body: '{"grant_type":' }),
        400,
        'invalid_request',
      );
    });

    it('refuses other content types and a missing body with invalid_request', async () => {
      expectOAuthError(
        await raw({ headers: { 'content-type': 'text/xml' }, body: '<grant/>' }),
        400,
        'invalid_request',
      );
      expectOAuthError(
        await raw({
          headers: { 'content-type': 'text/plain' },
          body: 'grant_type=client_credentials',
        }),
        400,
        'invalid_request',
      );
      expectOAuthError(await raw({}), 400, 'invalid_request');
    });

    it('refuses malformed form encoding with invalid_request', async () => {
      expectOAuthError(
        await postToken(server.url, 'grant_type=client_credentials&scope=%E0%A4%A', basic()),
        400,
        'invalid_request',
      );
    });

    it('refuses an oversized body as an RFC 6749 error', async () => {
      const call = await postToken(
        server.url,
        `grant_type=client_credentials&filler=${'a'.repeat(64 * 1024)}`,
        basic(),
      );
      expectOAuthError(call, 413, 'invalid_request');
    });

    it('accepts a charset parameter on the form content type', async () => {
      const call = await postToken(
        server.url,
        { grant_type: 'client_credentials' },
        {
          ...basic(),
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        },
      );
      expect(call.status).toBe(200);
    });
  });
});
