// Setup through the real admin API, the way scripts/demo.mjs walks it: admin token,
// content API, enterprise, two system accounts (client_secret_basic, private_key_jwt),
// contract; then as many extra contracts as asked, created in parallel batches.
import { generateKeyPairSync } from 'node:crypto';
import { JWT_BEARER_ASSERTION_TYPE } from './jwt.mjs';
import { testing } from './stack.mjs';

export const CONTENT_SCOPES = ['articles:read', 'prices:read', 'reports:read'];

/** RFC 6749 §2.3.1: client_secret_basic, both parts form-urlencoded first. */
export const basic = (clientId, secret) =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** The exact token request the bench sends (and hands to the load generator). */
export function tokenRequest(clientId, secret, params) {
  return {
    method: 'POST',
    path: '/token',
    headers: {
      authorization: basic(clientId, secret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...params }).toString(),
  };
}

export async function send(baseUrl, request) {
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method ?? 'GET',
    headers: request.headers ?? {},
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const text = await response.text();
  let body = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text for the message
  }
  return { status: response.status, body, bytes: Buffer.byteLength(text) };
}

export function adminCall(accountsUrl, token, method, path, body) {
  return send(accountsUrl, {
    method,
    path,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

function expectStatus(what, answer, status) {
  if (answer.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`,
    );
  }
  return answer.body;
}

/**
 * @param stack { auth, accounts, content } base URLs
 * @param options { adminClientId, adminSecret, accountsAudience, contentAudience, issuer, contracts, batch, log }
 */
export async function setUp(stack, options) {
  const { log } = options;
  const adminToken = async () =>
    testing.waitFor(
      'the bootstrap admin to get a token',
      async () => {
        const answer = await send(
          stack.auth,
          tokenRequest(options.adminClientId, options.adminSecret, {
            scope: 'accounts:admin',
            resource: options.accountsAudience,
          }),
        );
        return answer.status === 200 ? answer.body.access_token : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
  const admin = await adminToken();
  const call = (method, path, body) => adminCall(stack.accounts, admin, method, path, body);
  log('admin token');

  const api = expectStatus(
    'POST /v1/content-apis',
    await call('POST', '/v1/content-apis', {
      name: 'Market data',
      resourceIndicator: options.contentAudience,
      scopes: [
        { name: 'articles:read', description: 'Read articles' },
        { name: 'prices:read', description: 'Read prices' },
        { name: 'reports:read', description: "Read the enterprise's own reports" },
      ],
    }),
    201,
  );
  const suffix = Date.now().toString(36);
  const enterprise = expectStatus(
    'POST /v1/enterprises',
    await call('POST', '/v1/enterprises', { name: 'Acme Corp', businessId: `ACME-${suffix}` }),
    201,
  );
  const account = expectStatus(
    'POST /v1/system-accounts',
    await call('POST', '/v1/system-accounts', { enterpriseId: enterprise.id, name: 'Acme portal' }),
    201,
  );
  // A second system account of the enterprise that authenticates with private_key_jwt.
  const assertionKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = 'bench-assertion-key';
  const assertionAccount = expectStatus(
    'POST /v1/system-accounts (private_key_jwt)',
    await call('POST', '/v1/system-accounts', {
      enterpriseId: enterprise.id,
      name: 'Acme partner (private_key_jwt)',
      tokenEndpointAuthMethods: ['private_key_jwt'],
      jwks: {
        keys: [
          { ...assertionKeys.publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' },
        ],
      },
    }),
    201,
  );
  const validFrom = new Date(Date.now() - 60_000).toISOString();
  const contract = expectStatus(
    'POST /v1/contracts',
    await call('POST', '/v1/contracts', {
      enterpriseId: enterprise.id,
      contentApiId: api.id,
      scopes: ['articles:read', 'reports:read'],
      validFrom,
    }),
    201,
  );
  log(
    `content API ${api.id}, enterprise ${enterprise.id}, client ${account.clientId}, contract ${contract.id}`,
  );

  const contentTokenRequest = tokenRequest(account.clientId, account.clientSecret, {
    resource: options.contentAudience,
    scope: 'articles:read',
  });
  // Its body lacks client_assertion: the sender adds a fresh one to each request (jwt.mjs).
  const assertionTokenRequest = {
    method: 'POST',
    path: '/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: assertionAccount.clientId,
      client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
      resource: options.contentAudience,
      scope: 'articles:read',
    }).toString(),
    clientAssertion: {
      privateJwk: assertionKeys.privateKey.export({ format: 'jwk' }),
      kid,
      clientId: assertionAccount.clientId,
      audience: options.issuer,
    },
  };
  const contentToken = async () =>
    testing.waitFor(
      'client_credentials for the system account',
      async () => {
        const answer = await send(stack.auth, contentTokenRequest);
        return answer.status === 200 ? answer.body.access_token : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 20 },
    );
  const token = await contentToken();
  await testing.waitFor(
    'the content API to serve /v1/articles',
    async () =>
      (
        await send(stack.content, {
          path: '/v1/articles',
          headers: { authorization: `Bearer ${token}` },
        })
      ).status === 200,
    { timeoutMs: 30_000, intervalMs: 20 },
  );
  log('client_credentials works and the content API serves /v1/articles');

  // Extra contracts for the admin list, on enterprises of their own (100 each) so the
  // token and read cases keep one contract per enterprise.
  const started = Date.now();
  const perEnterprise = 100;
  const fillerEnterprises = [];
  for (let i = 0; i < Math.ceil(options.contracts / perEnterprise); i += 1) {
    fillerEnterprises.push(
      expectStatus(
        'POST /v1/enterprises',
        await call('POST', '/v1/enterprises', {
          name: `Filler ${i}`,
          businessId: `FILL-${suffix}-${i}`,
        }),
        201,
      ).id,
    );
  }
  let created = 0;
  while (created < options.contracts) {
    const size = Math.min(options.batch, options.contracts - created);
    const answers = await Promise.all(
      Array.from({ length: size }, (_, k) =>
        call('POST', '/v1/contracts', {
          enterpriseId: fillerEnterprises[Math.floor((created + k) / perEnterprise)],
          contentApiId: api.id,
          scopes: ['articles:read'],
          validFrom,
        }),
      ),
    );
    answers.forEach((answer) => expectStatus('POST /v1/contracts (filler)', answer, 201));
    created += size;
    if (created % 1000 === 0 || created === options.contracts) {
      log(`${created}/${options.contracts} extra contracts`);
    }
  }
  const fillSeconds = (Date.now() - started) / 1000;

  return {
    apiId: api.id,
    enterpriseId: enterprise.id,
    clientId: account.clientId,
    clientSecret: account.clientSecret,
    contractId: contract.id,
    contractScopes: ['articles:read', 'reports:read'],
    contentTokenRequest,
    assertionClient: {
      clientId: assertionAccount.clientId,
      jwk: { ...assertionKeys.publicKey.export({ format: 'jwk' }), kid },
    },
    assertionTokenRequest,
    adminToken,
    contentToken,
    fill: {
      contracts: options.contracts,
      enterprises: fillerEnterprises.length,
      seconds: fillSeconds,
    },
  };
}
