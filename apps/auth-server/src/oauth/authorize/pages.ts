/**
 * The server-rendered pages: login, consent, second step, logout, error. Plain HTML forms, no
 * script; every value is escaped. Accessible: lang, one h1, labels on inputs,
 * errors announced with role="alert". Branded (product name, logo, colours from configuration)
 * and translated (messages.ts) through the page's `PageView`.
 */
import type { Locale } from './domain/locale.js';
import { MESSAGES, type Messages } from './messages.js';

/** The product's look, from configuration (BRAND_*); colours are checked `#rrggbb` values. */
export interface Brand {
  readonly name: string;
  /** An absolute http(s) URL, or null for none. */
  readonly logoUrl: string | null;
  readonly primaryColor: string;
  readonly backgroundColor: string;
}

export const DEFAULT_BRAND: Brand = {
  name: 'Charter',
  logoUrl: null,
  primaryColor: '#1d4ed8',
  backgroundColor: '#ffffff',
};

/** How a page is shown: its language and the product's brand. */
export interface PageView {
  readonly locale: Locale;
  readonly t: Messages;
  readonly brand: Brand;
}

export function pageView(locale: Locale, brand: Brand): PageView {
  return { locale, t: MESSAGES[locale], brand };
}

export const DEFAULT_VIEW: PageView = pageView('en', DEFAULT_BRAND);

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function layout(title: string, body: string, view: PageView = DEFAULT_VIEW): string {
  const { brand } = view;
  // The colours are validated #rrggbb values (configuration), so they are safe inside CSS.
  const logo =
    brand.logoUrl === null
      ? ''
      : `<img class="logo" src="${escapeHtml(brand.logoUrl)}" alt="${escapeHtml(brand.name)}">\n`;
  return `<!doctype html>
<html lang="${view.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(brand.name)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;line-height:1.5;background:${brand.backgroundColor}}label{display:block;margin-top:1rem}input[type=email],input[type=password],input[type=text]{width:100%;padding:.5rem;font-size:1rem}button{margin-top:1.5rem;margin-right:.5rem;padding:.5rem 1rem;font-size:1rem;background:${brand.primaryColor};color:#fff;border:0;border-radius:4px}[role=alert]{color:#a00;font-weight:600}h2{font-size:1.05rem;font-weight:400;margin-top:1.5rem}.logo{max-height:3rem;max-width:12rem}</style>
</head>
<body>
<main>
${logo}<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

function hidden(fields: ReadonlyArray<readonly [string, string]>): string {
  return fields
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n');
}

function alert(message: string | undefined): string {
  return message === undefined ? '' : `<p role="alert">${escapeHtml(message)}</p>`;
}

export interface LoginPage {
  readonly clientName: string;
  /** The authorization request's own parameters, carried through the form. */
  readonly carried: ReadonlyArray<readonly [string, string]>;
  readonly csrf: string;
  readonly email?: string;
  readonly error?: string;
  readonly view?: PageView;
}

export function loginPage(page: LoginPage): string {
  const { t } = page.view ?? DEFAULT_VIEW;
  return layout(
    t.signInTitle,
    `<p>${t.toContinueTo(`<strong>${escapeHtml(page.clientName)}</strong>`)}</p>
${alert(page.error)}
<form method="post" action="authorize">
${hidden([...page.carried, ['csrf_token', page.csrf], ['action', 'login']])}
<label for="email">${escapeHtml(t.email)}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(page.email ?? '')}">
<label for="password">${escapeHtml(t.password)}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${escapeHtml(t.signInButton)}</button>
</form>`,
    page.view,
  );
}

export interface DescribedScope {
  readonly name: string;
  readonly description: string;
}

export interface ConsentPage {
  readonly clientName: string;
  readonly userEmail: string;
  /** The client's own scopes (about the user and the session). */
  readonly scopes: readonly DescribedScope[];
  /** Each API the client may access on the user's behalf, by name, with its scopes. */
  readonly apis: ReadonlyArray<{
    readonly name: string;
    readonly resource: string;
    readonly scopes: readonly DescribedScope[];
  }>;
  readonly carried: ReadonlyArray<readonly [string, string]>;
  readonly csrf: string;
  readonly view?: PageView;
}

function scopeList(scopes: readonly DescribedScope[]): string {
  return scopes
    .map(
      (scope) =>
        `<li>${escapeHtml(scope.description)} <small>(<code>${escapeHtml(scope.name)}</code>)</small></li>`,
    )
    .join('\n');
}

export function consentPage(page: ConsentPage): string {
  const { t } = page.view ?? DEFAULT_VIEW;
  const client = `<strong>${escapeHtml(page.clientName)}</strong>`;
  const own = scopeList(page.scopes);
  const apis = page.apis
    .map(
      (api) => `<section aria-label="${escapeHtml(api.name)}">
<h2>${t.mayAccess(client, `<strong>${escapeHtml(api.name)}</strong>`)}</h2>
<p><small>${escapeHtml(api.resource)}</small></p>
<ul>
${scopeList(api.scopes)}
</ul>
</section>`,
    )
    .join('\n');
  return layout(
    t.consentTitle,
    `<p>${t.consentIntro(client, escapeHtml(page.userEmail))}</p>
<ul>
${own === '' ? `<li>${escapeHtml(t.confirmWhoYouAre)}</li>` : own}
</ul>
${apis}
<form method="post" action="authorize">
${hidden([...page.carried, ['csrf_token', page.csrf], ['action', 'consent']])}
<button type="submit" name="decision" value="allow">${escapeHtml(t.allow)}</button>
<button type="submit" name="decision" value="deny">${escapeHtml(t.deny)}</button>
</form>`,
    page.view,
  );
}

export function errorPage(title: string, description: string, view?: PageView): string {
  return layout(title, `<p role="alert">${escapeHtml(description)}</p>`, view);
}

export interface LogoutPage {
  readonly carried: ReadonlyArray<readonly [string, string]>;
  readonly csrf: string;
  readonly clientName?: string;
}

export function logoutPage(page: LogoutPage): string {
  return layout(
    'Sign out',
    `<p>Do you want to sign out${
      page.clientName === undefined ? '' : ` of <strong>${escapeHtml(page.clientName)}</strong> and`
    } of this sign-in service?</p>
<form method="post" action="logout">
${hidden([...page.carried, ['csrf_token', page.csrf], ['action', 'logout']])}
<button type="submit" name="decision" value="logout">Sign out</button>
</form>`,
  );
}

export function loggedOutPage(): string {
  return layout('Signed out', '<p>You are signed out.</p>');
}

export interface SecondFactorPage {
  readonly carried: ReadonlyArray<readonly [string, string]>;
  readonly csrf: string;
  readonly error?: string;
  readonly view?: PageView;
}

export function secondFactorPage(page: SecondFactorPage): string {
  const { t } = page.view ?? DEFAULT_VIEW;
  return layout(
    t.secondStepTitle,
    `<p>${escapeHtml(t.secondStepIntro)}</p>
${alert(page.error)}
<form method="post" action="authorize">
${hidden([...page.carried, ['csrf_token', page.csrf], ['action', 'second_factor']])}
<label for="code">${escapeHtml(t.code)}</label>
<input id="code" name="code" type="text" inputmode="text" autocomplete="one-time-code" required autofocus>
<button type="submit">${escapeHtml(t.continueButton)}</button>
</form>`,
    page.view,
  );
}

export interface TotpEnrolmentPage {
  readonly carried: ReadonlyArray<readonly [string, string]>;
  readonly csrf: string;
  /** Base32 secret, to type into an authenticator app. */
  readonly secret: string;
  /** otpauth:// URI, for apps that import it. */
  readonly uri: string;
  readonly error?: string;
  readonly view?: PageView;
}

export function totpEnrolmentPage(page: TotpEnrolmentPage): string {
  const { t } = page.view ?? DEFAULT_VIEW;
  return layout(
    t.enrolTitle,
    `<p>${escapeHtml(t.enrolIntro)}</p>
<p><code id="totp-secret">${escapeHtml(page.secret)}</code></p>
<p><small><a href="${escapeHtml(page.uri)}">${escapeHtml(page.uri)}</a></small></p>
${alert(page.error)}
<form method="post" action="authorize">
${hidden([...page.carried, ['csrf_token', page.csrf], ['action', 'enrol_totp']])}
<label for="code">${escapeHtml(t.code)}</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required autofocus>
<button type="submit">${escapeHtml(t.confirmButton)}</button>
</form>`,
    page.view,
  );
}

export interface RecoveryCodesPage {
  readonly carried: ReadonlyArray<readonly [string, string]>;
  readonly csrf: string;
  readonly codes: readonly string[];
  readonly view?: PageView;
}

export function recoveryCodesPage(page: RecoveryCodesPage): string {
  const { t } = page.view ?? DEFAULT_VIEW;
  return layout(
    t.recoveryTitle,
    `<p>${escapeHtml(t.recoveryIntro)}</p>
<ul id="recovery-codes">
${page.codes.map((code) => `<li><code>${escapeHtml(code)}</code></li>`).join('\n')}
</ul>
<form method="post" action="authorize">
${hidden([...page.carried, ['csrf_token', page.csrf], ['action', 'continue']])}
<button type="submit">${escapeHtml(t.continueButton)}</button>
</form>`,
    page.view,
  );
}
