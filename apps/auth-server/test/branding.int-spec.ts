import { createTestContext, type TestContext } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishUser, settle } from './support/account-events.js';
import { type RunningAuthServer, startAuthServer } from './support/auth-server.js';
import {
  authorizeUrl,
  Browser,
  type InteractiveScenario,
  publishInteractiveScenario,
  REDIRECT_URI,
  submit,
} from './support/authorization-flow.js';
import { pkce } from './support/browser.js';

const LOGO = 'https://cdn.example.test/brand/logo.svg';

/**
 * Branded and translated sign-in pages (issue 16): the product name, logo and colours come from
 * configuration; the language is ui_locales first, then Accept-Language, then English, and it
 * holds through the forms (ui_locales is carried).
 */
describe('branded, translated sign-in pages', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let scenario: InteractiveScenario;

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx, {
      BRAND_NAME: 'Acme Data',
      BRAND_LOGO_URL: LOGO,
      BRAND_PRIMARY_COLOR: '#aa3300',
      BRAND_BACKGROUND_COLOR: '#fafafa',
      MFA_REQUIRED_ROLES: 'enterprise-admin',
    });
    scenario = await publishInteractiveScenario(ctx, server.url);
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  const open = (browser: Browser, parameters: Record<string, string>, language?: string) =>
    browser.request(
      authorizeUrl(server.url, {
        client_id: scenario.client.clientId,
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
        scope: 'openid email',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
        ...parameters,
      }),
      language === undefined ? {} : { headers: { 'accept-language': language } },
    );

  it('shows the brand: name, logo (its origin alone in img-src) and colours', async () => {
    const page = await open(new Browser(), {});
    expect(page.status).toBe(200);
    expect(page.html).toContain('<title>Sign in · Acme Data</title>');
    expect(page.html).toContain(`<img class="logo" src="${LOGO}" alt="Acme Data">`);
    expect(page.html).toContain('background:#aa3300');
    expect(page.html).toContain('background:#fafafa');
    expect(page.headers.get('content-security-policy')).toContain(
      'img-src https://cdn.example.test',
    );
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('answers in German for Accept-Language: de, and keeps German through a failed login', async () => {
    const browser = new Browser();
    const page = await open(browser, {}, 'fr-CH, de-AT;q=0.8, en;q=0.5');
    expect(page.html).toContain('<html lang="de">');
    expect(page.html).toContain('<h1>Anmelden</h1>');
    expect(page.html).toContain('Passwort');
    const failed = await browser.request(`${server.url}/authorize`, {
      form: { ...page.hiddenFields(), email: scenario.user.email, password: 'wrong' },
      headers: { 'accept-language': 'de' },
    });
    expect(failed.status).toBe(401);
    expect(failed.html).toContain('E-Mail-Adresse oder Passwort ist falsch.');
  });

  it('ui_locales wins over Accept-Language and is carried through the forms', async () => {
    const browser = new Browser();
    const page = await open(browser, { ui_locales: 'en' }, 'de');
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain('<h1>Sign in</h1>');
    expect(page.hiddenFields().ui_locales).toBe('en');
    const consent = await browser.request(`${server.url}/authorize`, {
      form: { ...page.hiddenFields(), email: scenario.user.email, password: scenario.password },
      headers: { 'accept-language': 'de' },
    });
    expect(consent.html).toContain('Allow access?');

    const german = new Browser();
    const login = await open(german, { ui_locales: 'de' });
    const consentDe = await submit(german, server.url, login, 'authorize', {
      email: scenario.user.email,
      password: scenario.password,
    });
    expect(consentDe.html).toContain('<h1>Zugriff erlauben?</h1>');
    expect(consentDe.html).toContain('Ihre E-Mail-Adresse sehen');
    expect(consentDe.html).toContain('>Erlauben</button>');
  });

  it('translates the second-factor pages', async () => {
    const admin = await publishUser(ctx, {
      enterpriseId: scenario.enterprise.id,
      roles: ['enterprise-admin'],
    });
    await settle(ctx, server.url);
    const browser = new Browser();
    const login = await open(browser, { ui_locales: 'de' });
    const enrol = await submit(browser, server.url, login, 'authorize', {
      email: admin.state.email,
      password: admin.password,
    });
    expect(enrol.html).toContain('<h1>Zweiten Faktor einrichten</h1>');
    const wrong = await submit(browser, server.url, enrol, 'authorize', { code: '000000' });
    expect(wrong.html).toContain('Der Code ist falsch oder wurde schon verwendet.');
  });
});
