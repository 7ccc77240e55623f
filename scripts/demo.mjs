#!/usr/bin/env node
// The README walkthrough, run against the running stack (`pnpm start`): prints each
// request and what came back. Override the URLs and admin credentials with the same
// variables the services read.
const env = process.env;
const AUTH = env.AUTH_ISSUER ?? 'http://localhost:3000';
const ACCOUNTS = env.ACCOUNTS_URL ?? 'http://localhost:3001';
const CONTENT = env.CONTENT_URL ?? 'http://localhost:3002';
const ACCOUNTS_AUDIENCE = env.ACCOUNTS_AUDIENCE ?? 'http://localhost:3001';
const CONTENT_AUDIENCE = env.CONTENT_AUDIENCE ?? 'http://localhost:3002';
// The second sample API, written with nothing but @charter/resource-server.
const CATALOG = env.CATALOG_URL ?? 'http://localhost:3005';
const CATALOG_AUDIENCE = env.CATALOG_AUDIENCE ?? 'http://localhost:3005';
const ADMIN_CLIENT_ID = env.ADMIN_CLIENT_ID ?? 'charter-admin';
const ADMIN_CLIENT_SECRET =
  env.ADMIN_CLIENT_SECRET ?? 'local-dev-admin-secret-change-me-0123456789';

const step = (title) => console.log(`\n\x1b[1m== ${title}\x1b[0m`);
const show = (label, status, body) =>
  console.log(`${label} → ${status}\n${JSON.stringify(body, null, 2)}`);
const decode = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';

async function token(clientId, secret, params) {
  const response = await fetch(`${AUTH}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...params }),
  });
  return { status: response.status, body: await response.json() };
}

async function call(method, url, bearer, body) {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : null,
    headers: response.headers,
  };
}

/** The hidden inputs of a page's form (the server HTML-escapes the values). */
function hiddenFields(html) {
  const fields = [];
  for (const [, name, value] of html.matchAll(
    /<input type="hidden" name="([^"]*)" value="([^"]*)">/g,
  )) {
    const unescape = (text) =>
      text
        .replaceAll('&quot;', '"')
        .replaceAll('&#39;', "'")
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&amp;', '&');
    fields.push([unescape(name), unescape(value)]);
  }
  return fields;
}

/**
 * What a browser does on the authorization server's pages, with fetch: the authorization
 * request, the login form, then the consent form (the page's text is returned to show it).
 * Cookies (session, CSRF) are carried; redirects are not followed.
 */
async function signInAndConsent(authorizeParams, email, password) {
  const cookies = new Map();
  const visit = async (url, form) => {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...(cookies.size
          ? { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') }
          : {}),
        ...(form
          ? { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(AUTH).origin }
          : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      html: await response.text(),
    };
  };
  const login = await visit(`${AUTH}/authorize?${new URLSearchParams(authorizeParams)}`);
  const consent = await visit(`${AUTH}/authorize`, [
    ...hiddenFields(login.html),
    ['email', email],
    ['password', password],
  ]);
  const shown = consent.html
    .replace(/<form[\s\S]*<\/form>/, '')
    .replace(/<(style|title)[\s\S]*?<\/\1>/g, '')
    .replace(/<\/(h1|h2|p|li)>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replaceAll('&#39;', "'")
    .replace(/\n\s*\n+/g, '\n')
    .trim();
  const allowed = await visit(`${AUTH}/authorize`, [
    ...hiddenFields(consent.html),
    ['decision', 'allow'],
  ]);
  return { shown, redirect: allowed.location ? new URL(allowed.location) : null };
}

async function eventually(description, attempt, timeoutMs = 10_000) {
  const started = Date.now();
  for (;;) {
    const result = await attempt();
    if (result) return { result, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`gave up waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function main() {
  step('1. The bootstrap admin gets a token (client_credentials, scope accounts:admin)');
  const admin = await eventually('the admin token', async () => {
    const answer = await token(ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET, {
      scope: 'accounts:admin',
      resource: ACCOUNTS_AUDIENCE,
    });
    return answer.status === 200 ? answer : undefined;
  });
  const adminToken = admin.result.body.access_token;
  show('POST /token', 200, { ...admin.result.body, access_token: `${adminToken.slice(0, 24)}…` });

  step('2. The admin registers a content API, an enterprise, a system account and a contract');
  let api = await call('POST', `${ACCOUNTS}/v1/content-apis`, adminToken, {
    name: 'Market data',
    resourceIndicator: CONTENT_AUDIENCE,
    scopes: [
      { name: 'articles:read', description: 'Read articles' },
      { name: 'prices:read', description: 'Read prices' },
      { name: 'reports:read', description: "Read the enterprise's own reports" },
    ],
  });
  if (api.status === 409) {
    // Registered by an earlier run of the demo.
    const list = await call('GET', `${ACCOUNTS}/v1/content-apis`, adminToken);
    api = {
      status: 200,
      body: list.body.items.find((item) => item.resourceIndicator === CONTENT_AUDIENCE),
    };
  }
  show('POST /v1/content-apis', api.status, api.body);
  const suffix = Date.now().toString(36);
  const enterprise = await call('POST', `${ACCOUNTS}/v1/enterprises`, adminToken, {
    name: 'Acme Corp',
    businessId: `ACME-${suffix}`,
  });
  show('POST /v1/enterprises', enterprise.status, enterprise.body);
  const account = await call('POST', `${ACCOUNTS}/v1/system-accounts`, adminToken, {
    enterpriseId: enterprise.body.id,
    name: 'Acme portal',
  });
  show('POST /v1/system-accounts (the secret is shown this once)', account.status, account.body);
  const contract = await call('POST', `${ACCOUNTS}/v1/contracts`, adminToken, {
    enterpriseId: enterprise.body.id,
    contentApiId: api.body.id,
    scopes: ['articles:read', 'reports:read'],
    validFrom: new Date().toISOString(),
  });
  show('POST /v1/contracts', contract.status, contract.body);

  // A second content API, run by another team, and the enterprise's contract for it.
  let catalogApi = await call('POST', `${ACCOUNTS}/v1/content-apis`, adminToken, {
    name: 'Instrument catalog',
    resourceIndicator: CATALOG_AUDIENCE,
    scopes: [
      { name: 'instruments:read', description: 'Read instrument reference data' },
      { name: 'ratings:read', description: 'Read issuer credit ratings' },
    ],
    datasets: [
      { name: 'instruments', description: 'Instrument reference data' },
      { name: 'ratings', description: 'Issuer credit ratings' },
    ],
  });
  if (catalogApi.status === 409) {
    const list = await call('GET', `${ACCOUNTS}/v1/content-apis`, adminToken);
    catalogApi = {
      status: 200,
      body: list.body.items.find((item) => item.resourceIndicator === CATALOG_AUDIENCE),
    };
  }
  show('POST /v1/content-apis (the catalog API)', catalogApi.status, catalogApi.body);
  const catalogContract = await call('POST', `${ACCOUNTS}/v1/contracts`, adminToken, {
    enterpriseId: enterprise.body.id,
    contentApiId: catalogApi.body.id,
    scopes: ['instruments:read', 'ratings:read'],
    datasets: ['ratings'],
    rateLimit: { requestsPerMinute: 60 },
    validFrom: new Date().toISOString(),
  });
  show(
    'POST /v1/contracts (ratings only, 60 requests per minute)',
    catalogContract.status,
    catalogContract.body,
  );

  step('3 + 4. Events reach the auth-server; the system account gets an access token');
  const issued = await eventually('the system account token', async () => {
    const answer = await token(account.body.clientId, account.body.clientSecret, {
      resource: CONTENT_AUDIENCE,
    });
    return answer.status === 200 ? answer : undefined;
  });
  console.log(`(ready after ${issued.ms} ms)`);
  const accessToken = issued.result.body.access_token;
  show('access token claims', 200, decode(accessToken));

  step('5. The content API serves what the contract covers, and nothing else');
  await eventually(
    'the content API',
    async () => (await call('GET', `${CONTENT}/v1/articles`, accessToken)).status === 200,
  );
  const articles = await call('GET', `${CONTENT}/v1/articles?limit=2`, accessToken);
  show('GET /v1/articles', articles.status, articles.body);
  const prices = await call('GET', `${CONTENT}/v1/prices`, accessToken);
  console.log(`GET /v1/prices → ${prices.status} ${prices.headers.get('www-authenticate')}`);

  step('6. The admin suspends the contract: access is gone everywhere');
  const suspended = await call(
    'POST',
    `${ACCOUNTS}/v1/contracts/${contract.body.id}/suspend`,
    adminToken,
  );
  console.log(
    `POST /v1/contracts/${contract.body.id}/suspend → ${suspended.status} (${suspended.body.status})`,
  );
  const refused = await eventually('the content API to refuse', async () => {
    const answer = await call('GET', `${CONTENT}/v1/articles`, accessToken);
    return answer.status === 401 ? answer : undefined;
  });
  console.log(
    `GET /v1/articles → 401 after ${refused.ms} ms: ${refused.result.headers.get('www-authenticate')}`,
  );
  const denied = await token(account.body.clientId, account.body.clientSecret, {
    resource: CONTENT_AUDIENCE,
  });
  show('POST /token', denied.status, denied.body);

  step('Reactivation restores access');
  await call('POST', `${ACCOUNTS}/v1/contracts/${contract.body.id}/reactivate`, adminToken);
  const restored = await eventually(
    'access again',
    async () => (await call('GET', `${CONTENT}/v1/articles`, accessToken)).status === 200,
  );
  console.log(`GET /v1/articles → 200 again after ${restored.ms} ms`);

  step('6b. The catalog API (nothing but @charter/resource-server) enforces its own contract');
  const catalogToken = (
    await eventually('a catalog token', async () => {
      const answer = await token(account.body.clientId, account.body.clientSecret, {
        resource: CATALOG_AUDIENCE,
      });
      return answer.status === 200 ? answer : undefined;
    })
  ).result.body.access_token;
  const ratings = await eventually('the catalog API', async () => {
    const answer = await call('GET', `${CATALOG}/v1/ratings?limit=2`, catalogToken);
    return answer.status === 200 ? answer : undefined;
  });
  show('GET /v1/ratings', ratings.result.status, ratings.result.body);
  console.log(`RateLimit-Remaining: ${ratings.result.headers.get('ratelimit-remaining')}`);
  const instruments = await call('GET', `${CATALOG}/v1/instruments`, catalogToken);
  show('GET /v1/instruments (dataset not in the contract)', instruments.status, instruments.body);

  step('6c. The admin suspends the enterprise: both APIs refuse within moments');
  await call('POST', `${ACCOUNTS}/v1/enterprises/${enterprise.body.id}/suspend`, adminToken);
  const bothRefuse = await eventually('both APIs to refuse', async () => {
    const [content, catalog] = await Promise.all([
      call('GET', `${CONTENT}/v1/articles`, accessToken),
      call('GET', `${CATALOG}/v1/ratings`, catalogToken),
    ]);
    return content.status === 401 && catalog.status === 401 ? [content, catalog] : undefined;
  });
  console.log(
    `content API and catalog API → 401 after ${bothRefuse.ms} ms: ${bothRefuse.result[1].body.detail}`,
  );
  await call('POST', `${ACCOUNTS}/v1/enterprises/${enterprise.body.id}/reactivate`, adminToken);
  await eventually(
    'access again',
    async () => (await call('GET', `${CONTENT}/v1/articles`, accessToken)).status === 200,
  );

  step('7. An enterprise user, and a portal with two roles');
  const user = await call('POST', `${ACCOUNTS}/v1/users`, adminToken, {
    kind: 'enterprise',
    enterpriseId: enterprise.body.id,
    email: `ada.${suffix}@acme.example`,
    name: 'Ada Lovelace',
    roles: ['member'],
    password: `demo-password-${suffix}`,
  });
  show(
    'POST /v1/users (the password is stored as an argon2id hash, never shown)',
    user.status,
    user.body,
  );
  // A legacy portal that logs its users in with the password grant (off unless enabled per account);
  // it also sends its users to the authorization server once, to ask what it may do for them.
  const portalCallback = `${AUTH}/demo-portal/callback`;
  const portal = await call('POST', `${ACCOUNTS}/v1/system-accounts`, adminToken, {
    enterpriseId: enterprise.body.id,
    name: 'Acme legacy portal',
    grantTypes: ['password', 'authorization_code', TOKEN_EXCHANGE],
    tokenEndpointAuthMethods: ['client_secret_basic'],
    redirectUris: [portalCallback],
  });
  show('POST /v1/system-accounts (password + authorization code + token exchange)', portal.status, {
    ...portal.body,
    clientSecret: '…',
  });
  const login = await eventually('the user to log in through the portal', async () => {
    const answer = await token(portal.body.clientId, portal.body.clientSecret, {
      grant_type: 'password',
      username: user.body.email,
      password: `demo-password-${suffix}`,
    });
    return answer.status === 200 ? answer : undefined;
  });
  const userToken = login.result.body.access_token;
  show("the user's token for the portal's own API (aud = the portal)", 200, decode(userToken));

  step(
    '8. The portal exchanges it for a content API token on the user’s behalf (RFC 8693), within the user’s consent',
  );
  const exchange = (scope) =>
    token(portal.body.clientId, portal.body.clientSecret, {
      grant_type: TOKEN_EXCHANGE,
      subject_token: userToken,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      resource: CONTENT_AUDIENCE,
      scope,
    });
  const unconsented = await exchange('articles:read');
  show(
    'POST /token (token exchange) before the user consented: a password login is no consent',
    unconsented.status,
    unconsented.body,
  );
  // The authorization request names the downstream access (RFC 8707 resource + its scope); the
  // consent page shows it per API, and the stored consent is exactly that.
  const consent = await signInAndConsent(
    {
      response_type: 'code',
      client_id: portal.body.clientId,
      redirect_uri: portalCallback,
      scope: 'openid articles:read',
      resource: CONTENT_AUDIENCE,
      state: 'demo',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    },
    user.body.email,
    `demo-password-${suffix}`,
  );
  console.log(
    `the consent page said:\n${consent.shown}\nAllow → ${consent.redirect ? 'back to the portal with a code' : 'no redirect'}`,
  );
  const beyond = await exchange('reports:read');
  show(
    'POST /token (token exchange) for reports:read: the contract covers it, the user did not consent',
    beyond.status,
    beyond.body,
  );
  const exchanged = await exchange('articles:read');
  show('POST /token (token exchange) for articles:read', exchanged.status, {
    ...exchanged.body,
    access_token: `${exchanged.body.access_token?.slice(0, 24)}…`,
  });
  if (exchanged.status !== 200) throw new Error('the exchange within the consent was refused');
  show(
    'exchanged token claims: sub is the user, act names the portal',
    200,
    decode(exchanged.body.access_token),
  );
  const me = await call('GET', `${CONTENT}/v1/me`, exchanged.body.access_token);
  show('GET /v1/me with the exchanged token', me.status, me.body);

  step('9. Disabling the user takes the exchanged token away too');
  await call('POST', `${ACCOUNTS}/v1/users/${user.body.id}/disable`, adminToken);
  const gone = await eventually('the content API to refuse the user', async () => {
    const answer = await call('GET', `${CONTENT}/v1/articles`, exchanged.body.access_token);
    return answer.status === 401 ? answer : undefined;
  });
  console.log(
    `GET /v1/articles → 401 after ${gone.ms} ms: ${gone.result.headers.get('www-authenticate')}`,
  );
  console.log(
    '\nThe browser flow (authorization code + PKCE, login and consent pages): run `pnpm portal`.',
  );
}

main().catch((error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
