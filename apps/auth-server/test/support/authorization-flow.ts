import type { SystemAccountState, UserState } from '@charter/events';
import type { TestContext } from '@charter/testing';
import {
  publishEvent,
  publishScenario,
  publishUser,
  type Scenario,
  settle,
} from './account-events.js';
import { postToken } from './auth-server.js';
import { Browser, type Page, pkce } from './browser.js';

export const REDIRECT_URI = 'https://portal.example.test/callback';
export const POST_LOGOUT_URI = 'https://portal.example.test/signed-out';

export interface InteractiveScenario extends Scenario {
  readonly user: UserState;
  readonly password: string;
}

/** An enterprise, a contract, an interactive public client (code + refresh) and one of its users. */
export async function publishInteractiveScenario(
  ctx: TestContext,
  baseUrl: string,
  client: Partial<SystemAccountState> = {},
): Promise<InteractiveScenario> {
  const scenario = await publishScenario(ctx, {
    client: {
      grantTypes: ['authorization_code', 'refresh_token'],
      tokenEndpointAuthMethods: ['none'],
      redirectUris: [REDIRECT_URI],
      postLogoutRedirectUris: [POST_LOGOUT_URI],
      ...client,
    },
  });
  const { state: user, password } = await publishUser(ctx, {
    enterpriseId: scenario.enterprise.id,
  });
  await settle(ctx, baseUrl);
  return { ...scenario, user, password };
}

export { publishEvent };

export function authorizeUrl(baseUrl: string, parameters: Record<string, string>): string {
  return `${baseUrl}/authorize?${new URLSearchParams(parameters).toString()}`;
}

/** Submits the page's form with its hidden fields plus `extra`. */
export function submit(
  browser: Browser,
  baseUrl: string,
  page: Page,
  path: string,
  extra: Record<string, string>,
): Promise<Page> {
  return browser.request(`${baseUrl}/${path}`, { form: { ...page.hiddenFields(), ...extra } });
}

export interface CodeResult {
  readonly code: string;
  readonly verifier: string;
  readonly redirect: URL;
}

/** Drives GET /authorize → login (if asked) → consent (if asked) → the redirect with the code. */
export async function obtainCode(
  browser: Browser,
  baseUrl: string,
  scenario: InteractiveScenario,
  parameters: Record<string, string> = {},
): Promise<CodeResult> {
  const { verifier, challenge } = pkce();
  let page = await browser.request(
    authorizeUrl(baseUrl, {
      client_id: scenario.client.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid email profile',
      state: 'xyz',
      nonce: 'n-0S6',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...parameters,
    }),
  );
  if (page.status === 200 && page.html.includes('name="password"')) {
    page = await submit(browser, baseUrl, page, 'authorize', {
      email: scenario.user.email,
      password: scenario.password,
    });
  }
  if (page.status === 200 && page.html.includes('value="consent"')) {
    page = await submit(browser, baseUrl, page, 'authorize', { decision: 'allow' });
  }
  const redirect = page.location;
  const code = redirect.searchParams.get('code');
  if (!code) {
    throw new Error(`no code: ${redirect.toString()}`);
  }
  return { code, verifier, redirect };
}

/** Logs the scenario's user in and redeems the code as the public client: the token response. */
export async function obtainTokens(
  baseUrl: string,
  scenario: InteractiveScenario,
  parameters: Record<string, string> = {},
  browser = new Browser(),
): Promise<Record<string, unknown>> {
  const { code, verifier } = await obtainCode(browser, baseUrl, scenario, parameters);
  const response = await postToken(baseUrl, {
    grant_type: 'authorization_code',
    client_id: scenario.client.clientId,
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
  if (response.status !== 200) {
    throw new Error(`code not redeemed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

export { Browser };
