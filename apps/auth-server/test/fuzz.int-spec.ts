import { createTestContext, type TestContext } from '@charter/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishScenario, type Scenario, settle } from './support/account-events.js';
import { basicHeader, type RunningAuthServer, startAuthServer } from './support/auth-server.js';

/** RFC 6749 §5.2, RFC 7009 §2.2.1, RFC 8693 §2.2.2, RFC 8707 §2: every error code an OAuth endpoint may answer. */
const OAUTH_ERRORS = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_target',
  'unsupported_token_type',
  'temporarily_unavailable',
]);

const GRANT_TYPES = [
  'client_credentials',
  'authorization_code',
  'refresh_token',
  'password',
  'urn:ietf:params:oauth:grant-type:token-exchange',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
];

const PARAMETERS = [
  'grant_type',
  'client_id',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
  'scope',
  'resource',
  'code',
  'redirect_uri',
  'code_verifier',
  'refresh_token',
  'username',
  'password',
  'subject_token',
  'subject_token_type',
  'actor_token',
  'actor_token_type',
  'requested_token_type',
  'audience',
  'token',
  'token_type_hint',
];

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '',
    '\u0000',
    'a\ud800b',
    '%',
    '+',
    '=',
    'x'.repeat(5000),
    'eyJhbGciOiJub25lIn0.e30.',
    'a.b.c',
    'urn:ietf:params:oauth:token-type:access_token',
    'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    'https://articles.example.test',
  ),
);

/** What fetch lets through in a header value: visible ASCII and spaces. */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 60,
});

/** A form of known and unknown parameters, some repeated, with hostile values (a lone surrogate travels as U+FFFD). */
const form = fc
  .tuple(
    fc.option(fc.constantFrom(...GRANT_TYPES), { nil: undefined }),
    fc.array(fc.tuple(fc.constantFrom(...PARAMETERS, 'unknown'), hostile), { maxLength: 8 }),
  )
  .map(([grantType, pairs]) => {
    const params = new URLSearchParams();
    if (grantType !== undefined) {
      params.append('grant_type', grantType);
    }
    for (const [name, value] of pairs) {
      params.append(name, value);
    }
    return params.toString();
  });

/**
 * Generated forms to the OAuth endpoints, with no client authentication, a valid client's,
 * and hostile Authorization headers: never a 5xx, and every refusal an RFC 6749 error
 * document (JSON, a registered `error` code, `Cache-Control: no-store`).
 */
describe('OAuth endpoints under generated input', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let scenario: Scenario;

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx);
    scenario = await publishScenario(ctx);
    await settle(ctx, server.url);
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it.each(['/token', '/revoke', '/introspect'])(
    'POST %s answers every generated form below 500, each refusal an RFC 6749 error',
    async (path) => {
      const authorization = fc.oneof(
        fc.constant(undefined),
        fc.constant(basicHeader(scenario.client.clientId, scenario.secret)),
        hostile.map((value) => `Basic ${Buffer.from(value).toString('base64')}`),
        headerText.map((value) => `Basic ${value}`),
        headerText.map((value) => `Bearer ${value}`),
        headerText,
      );
      await fc.assert(
        fc.asyncProperty(form, authorization, async (body, header) => {
          const response = await fetch(`${server.url}${path}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              ...(header === undefined ? {} : { authorization: header }),
            },
            body,
          });
          const text = await response.text();
          const where = `${path} ${body.slice(0, 300)} → ${response.status} ${text.slice(0, 300)}`;
          expect(response.status, where).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get('content-type'), where).toMatch(/^application\/json/);
            expect(response.headers.get('cache-control'), where).toBe('no-store');
            const error = (JSON.parse(text) as { error?: unknown }).error;
            expect(OAUTH_ERRORS.has(String(error)), where).toBe(true);
          }
        }),
        { numRuns: 150, seed: 20261207 },
      );
    },
    300_000,
  );

  it('GET /authorize answers every generated query below 500', async () => {
    const names = [
      'response_type',
      'client_id',
      'redirect_uri',
      'scope',
      'state',
      'nonce',
      'code_challenge',
      'code_challenge_method',
      'resource',
      'prompt',
      'max_age',
      'id_token_hint',
      'request',
      'request_uri',
      'response_mode',
      'unknown',
    ];
    const query = fc
      .array(fc.tuple(fc.constantFrom(...names), hostile), { maxLength: 8 })
      .map((pairs) => new URLSearchParams(pairs).toString());
    await fc.assert(
      fc.asyncProperty(query, async (search) => {
        const response = await fetch(`${server.url}/authorize?${search}`, { redirect: 'manual' });
        await response.arrayBuffer();
        expect(
          response.status,
          `/authorize?${search.slice(0, 300)} → ${response.status}`,
        ).toBeLessThan(500);
      }),
      { numRuns: 150, seed: 20261207 },
    );
  }, 300_000);
});
