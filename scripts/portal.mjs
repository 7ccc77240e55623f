#!/usr/bin/env node
// `pnpm portal`: the two-role sample, next to the running stack (`pnpm start`).
// An admin sets up (through the real admin API) an enterprise with a contract, the
// portal's system account (authorization code + token exchange) and one enterprise
// user; then the partner portal starts on http://localhost:3003. Log in there as
// the printed user. Override URLs and admin credentials with the services' variables.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const env = process.env;
const AUTH = env.AUTH_ISSUER ?? 'http://localhost:3000';
const ACCOUNTS = env.ACCOUNTS_URL ?? 'http://localhost:3001';
const CONTENT = env.CONTENT_URL ?? 'http://localhost:3002';
const ACCOUNTS_AUDIENCE = env.ACCOUNTS_AUDIENCE ?? 'http://localhost:3001';
const CONTENT_AUDIENCE = env.CONTENT_AUDIENCE ?? 'http://localhost:3002';
const PORTAL_URL = env.PORTAL_URL ?? 'http://localhost:3003';
const ADMIN_CLIENT_ID = env.ADMIN_CLIENT_ID ?? 'charter-admin';
const ADMIN_CLIENT_SECRET =
  env.ADMIN_CLIENT_SECRET ?? 'local-dev-admin-secret-change-me-0123456789';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ENTRY = fileURLToPath(new URL('../apps/partner-portal/dist/main.js', import.meta.url));

async function adminToken() {
  const response = await fetch(`${AUTH}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${ADMIN_CLIENT_ID}:${ADMIN_CLIENT_SECRET}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'accounts:admin',
      resource: ACCOUNTS_AUDIENCE,
    }),
  });
  if (!response.ok)
    throw new Error(
      `the admin token was refused (${response.status}): is the stack running (pnpm start)?`,
    );
  return (await response.json()).access_token;
}

async function call(token, method, path, body) {
  const response = await fetch(`${ACCOUNTS}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: await response.json() };
}

async function create(token, path, body) {
  const answer = await call(token, 'POST', path, body);
  if (answer.status !== 201)
    throw new Error(`POST ${path} → ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function main() {
  if (!existsSync(ENTRY))
    throw new Error('apps/partner-portal is not built: run "pnpm build" first');
  const token = await adminToken();
  let api = await call(token, 'POST', '/v1/content-apis', {
    name: 'Market data',
    resourceIndicator: CONTENT_AUDIENCE,
    scopes: [
      { name: 'articles:read', description: 'Read articles' },
      { name: 'prices:read', description: 'Read prices' },
      { name: 'reports:read', description: "Read the enterprise's own reports" },
    ],
  });
  if (api.status === 409) {
    const list = await call(token, 'GET', '/v1/content-apis');
    api = { body: list.body.items.find((item) => item.resourceIndicator === CONTENT_AUDIENCE) };
  }
  const suffix = Date.now().toString(36);
  const enterprise = await create(token, '/v1/enterprises', {
    name: 'Acme Corp',
    businessId: `ACME-PORTAL-${suffix}`,
  });
  await create(token, '/v1/contracts', {
    enterpriseId: enterprise.id,
    contentApiId: api.body.id,
    scopes: ['articles:read'],
    validFrom: new Date().toISOString(),
  });
  const portal = await create(token, '/v1/system-accounts', {
    enterpriseId: enterprise.id,
    name: 'Acme partner portal',
    grantTypes: ['authorization_code', 'refresh_token', TOKEN_EXCHANGE],
    tokenEndpointAuthMethods: ['client_secret_basic'],
    redirectUris: [`${PORTAL_URL}/callback`],
    postLogoutRedirectUris: [`${PORTAL_URL}/`],
  });
  const user = { email: `ada.${suffix}@acme.example`, password: `portal-demo-${suffix}-password` };
  await create(token, '/v1/users', {
    kind: 'enterprise',
    enterpriseId: enterprise.id,
    email: user.email,
    name: 'Ada Lovelace',
    roles: ['member'],
    password: user.password,
  });

  console.log(
    `\nPartner portal: ${PORTAL_URL}\nLog in as ${user.email} with the password ${user.password}\n`,
  );
  const child = spawn(process.execPath, [ENTRY], {
    stdio: 'inherit',
    env: {
      ...env,
      PORT: new URL(PORTAL_URL).port || '3003',
      PORTAL_URL,
      PORTAL_CLIENT_ID: portal.clientId,
      PORTAL_CLIENT_SECRET: portal.clientSecret,
      AUTH_ISSUER: AUTH,
      CONTENT_API_URL: CONTENT,
      CONTENT_API_AUDIENCE: CONTENT_AUDIENCE,
    },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((error) => {
  console.error(`portal: ${error.message}`);
  process.exit(1);
});
