import {
  freePort,
  type RunningService,
  startService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import type { Caller } from './account-events.js';

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
