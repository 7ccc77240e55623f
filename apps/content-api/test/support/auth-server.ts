import {
  createDecipheriv,
  createPrivateKey,
  hkdfSync,
  type JsonWebKey,
  randomBytes,
  sign,
} from 'node:crypto';
import {
  Browser,
  freePort,
  type Page,
  pkce,
  queryDatabase,
  type RunningService,
  startService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { type Caller, CONTENT_API_AUDIENCE } from './account-events.js';

/** The real authorization server as a child process, on this test file's database and namespace. */
export async function startAuthServer(ctx: TestContext): Promise<RunningService> {
  const port = await freePort();
  return startService('auth-server', port, { ...ctx.env, AUTH_ISSUER: `http://127.0.0.1:${port}` });
}

export interface TokenAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** RFC 6749 §4.4.2 with client_secret_basic (§2.3.1) and an RFC 8707 resource. */
export async function requestToken(
  authServer: RunningService,
  caller: Caller,
  params: { resource: string; scope?: string },
): Promise<TokenAnswer> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', resource: params.resource });
  if (params.scope !== undefined) {
    form.set('scope', params.scope);
  }
  const basic = Buffer.from(
    `${encodeURIComponent(caller.clientId)}:${encodeURIComponent(caller.secret)}`,
  ).toString('base64');
  const response = await fetch(`${authServer.url}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: form.toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Any grant at `/token` with client_secret_basic (RFC 6749 §2.3.1); the form as given. */
export async function postTokenForm(
  authServer: RunningService,
  caller: Caller,
  form: Record<string, string>,
): Promise<TokenAnswer> {
  const basic = Buffer.from(
    `${encodeURIComponent(caller.clientId)}:${encodeURIComponent(caller.secret)}`,
  ).toString('base64');
  const response = await fetch(`${authServer.url}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A token, once the auth-server has projected the events the caller needs (eventual consistency). */
export async function tokenFor(
  authServer: RunningService,
  caller: Caller,
  params: { resource: string; scope?: string },
): Promise<string> {
  const answer = await waitFor(`a token for ${caller.clientId}`, async () => {
    const result = await requestToken(authServer, caller, params);
    return result.status === 200 ? result : undefined;
  });
  return answer.body.access_token as string;
}

/** RFC 7009 §2.1 revocation of one of the caller's tokens, with client_secret_basic. */
export async function revokeToken(
  authServer: RunningService,
  caller: Caller,
  token: string,
): Promise<number> {
  const basic = Buffer.from(
    `${encodeURIComponent(caller.clientId)}:${encodeURIComponent(caller.secret)}`,
  ).toString('base64');
  const response = await fetch(`${authServer.url}/revoke`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }).toString(),
  });
  await response.arrayBuffer();
  return response.status;
}

/** A fixed test password and its argon2id hash (as the account service would publish it). */
export const TEST_PASSWORD = 'content-api-test-password-1';
export const TEST_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$+8/xMDAdJLTEYS0CiPWm6Q$lX5IaN44xFzaCvfgqQKH2OwPE7gDrG4G1OS1JmGl/94';

/**
 * A user's access token through the authorization code grant with PKCE (RFC 6749 §4.1,
 * RFC 7636), as a public client: /authorize, the login page, the consent page, the redirect's
 * code redeemed at /token. Each call is a fresh browser, so a fresh login.
 */
export async function authorizationCodeToken(
  authServer: RunningService,
  client: { clientId: string; redirectUri: string },
  user: { email: string; password: string },
  params: { scope: string; resource: string },
): Promise<string> {
  const browser = new Browser();
  const { verifier, challenge } = pkce();
  const submit = (page: Page, extra: Record<string, string>): Promise<Page> =>
    browser.request(`${authServer.url}/authorize`, { form: { ...page.hiddenFields(), ...extra } });
  let page = await browser.request(
    `${authServer.url}/authorize?${new URLSearchParams({
      client_id: client.clientId,
      redirect_uri: client.redirectUri,
      response_type: 'code',
      scope: params.scope,
      resource: params.resource,
      state: 'st',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString()}`,
  );
  if (page.status === 200 && page.html.includes('name="password"')) {
    page = await submit(page, { email: user.email, password: user.password });
  }
  if (page.status === 200 && page.html.includes('value="consent"')) {
    page = await submit(page, { decision: 'allow' });
  }
  const code = page.location.searchParams.get('code');
  if (!code) {
    throw new Error(`no code: ${page.location.toString()}`);
  }
  const response = await fetch(`${authServer.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: client.clientId,
      code,
      redirect_uri: client.redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) {
    throw new Error(`code not redeemed: ${response.status} ${JSON.stringify(body)}`);
  }
  return body.access_token as string;
}

/** The auth-server's local default (`KEYS_ENCRYPTION_KEY` unset), under which the test's keys are stored. */
const LOCAL_KEYS_ENCRYPTION_KEY = 'local-dev-keys-encryption-key-change-me';

/**
 * Signs an access token with the real auth-server's current ES256 key, read from its table and
 * opened as it opens it (AES-256-GCM under an HKDF-derived key, the key id as associated data):
 * for claims the token endpoint would never issue (a user it would not log in, an `act` that is
 * no actor claim), which the content API must refuse on its own. Everything else about the token
 * is the real issuer's: `iss`, `kid`, the JWKS it is verified against.
 */
export async function signAsIssuer(
  ctx: TestContext,
  authServer: RunningService,
  claims: Record<string, unknown>,
): Promise<string> {
  const [row] = await queryDatabase<{ kid: string; private_jwk_encrypted: string }>(
    ctx.databaseUrl,
    `SELECT kid, private_jwk_encrypted FROM auth.signing_keys
      WHERE algorithm = 'ES256' AND not_before <= now() AND active_until > now()
      ORDER BY not_before DESC LIMIT 1`,
  );
  if (!row) {
    throw new Error('the auth-server has no ES256 signing key yet');
  }
  const [, iv = '', ciphertext = '', tag = ''] = row.private_jwk_encrypted.split('.');
  const key = Buffer.from(
    hkdfSync(
      'sha256',
      LOCAL_KEYS_ENCRYPTION_KEY,
      'charter/auth-server/keys',
      'signing-key-encryption/aes-256-gcm/v1',
      32,
    ),
  );
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(`${row.kid}:ES256`, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const jwk = JSON.parse(
    Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8'),
  ) as JsonWebKey;
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object): string =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'ES256', typ: 'at+jwt', kid: row.kid })}.${encode({
    iss: authServer.url,
    aud: CONTENT_API_AUDIENCE,
    jti: randomBytes(16).toString('base64url'),
    iat: now,
    exp: now + 600,
    ...claims,
  })}`;
  const signature = sign('sha256', Buffer.from(input), {
    key: createPrivateKey({ key: jwk, format: 'jwk' }),
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${signature.toString('base64url')}`;
}
