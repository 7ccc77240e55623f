/**
 * The server-rendered pages: login, consent, logout, error. Plain HTML forms, no
 * script; every value is escaped. Accessible: lang, one h1, labels on inputs,
 * errors announced with role="alert".
 */

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Charter</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;line-height:1.5}label{display:block;margin-top:1rem}input[type=email],input[type=password]{width:100%;padding:.5rem;font-size:1rem}button{margin-top:1.5rem;margin-right:.5rem;padding:.5rem 1rem;font-size:1rem}[role=alert]{color:#a00;font-weight:600}h2{font-size:1.05rem;font-weight:400;margin-top:1.5rem}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
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
}

export function loginPage(page: LoginPage): string {
  return layout(
    'Sign in',
    `<p>to continue to <strong>${escapeHtml(page.clientName)}</strong></p>
${alert(page.error)}
<form method="post" action="authorize">
${hidden([...page.carried, ['csrf_token', page.csrf], ['action', 'login']])}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(page.email ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`,
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
  const client = `<strong>${escapeHtml(page.clientName)}</strong>`;
  const own = scopeList(page.scopes);
  const apis = page.apis
    .map(
      (api) => `<section aria-label="${escapeHtml(api.name)}">
<h2>${client} may access <strong>${escapeHtml(api.name)}</strong> on your behalf:</h2>
<p><small>${escapeHtml(api.resource)}</small></p>
<ul>
${scopeList(api.scopes)}
</ul>
</section>`,
    )
    .join('\n');
  return layout(
    'Allow access?',
    `<p>${client} asks to act for you (${escapeHtml(page.userEmail)}). It will be able to:</p>
<ul>
${own === '' ? '<li>confirm who you are</li>' : own}
</ul>
${apis}
<form method="post" action="authorize">
${hidden([...page.carried, ['csrf_token', page.csrf], ['action', 'consent']])}
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

export function errorPage(title: string, description: string): string {
  return layout(title, `<p role="alert">${escapeHtml(description)}</p>`);
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
}

export function secondFactorPage(page: SecondFactorPage): string {
  return layout(
    'Second step',
    `<p>Enter the 6-digit code from your authenticator app, or one of your recovery codes.</p>
${alert(page.error)}
<form method="post" action="authorize">
${hidden([...page.carried, ['csrf_token', page.csrf], ['action', 'second_factor']])}
<label for="code">Code</label>
<input id="code" name="code" type="text" inputmode="text" autocomplete="one-time-code" required autofocus>
<button type="submit">Continue</button>
</form>`,
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
}

export function totpEnrolmentPage(page: TotpEnrolmentPage): string {
  return layout(
    'Set up a second factor',
    `<p>Your account needs a second factor. Add this key to an authenticator app (time-based, 6 digits, 30 seconds), then enter the code it shows.</p>
<p><code id="totp-secret">${escapeHtml(page.secret)}</code></p>
<p><small><a href="${escapeHtml(page.uri)}">${escapeHtml(page.uri)}</a></small></p>
${alert(page.error)}
<form method="post" action="authorize">
${hidden([...page.carried, ['csrf_token', page.csrf], ['action', 'enrol_totp']])}
<label for="code">Code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required autofocus>
<button type="submit">Confirm</button>
</form>`,
  );
}

export interface RecoveryCodesPage {
  readonly carried: ReadonlyArray<readonly [string, string]>;
  readonly csrf: string;
  readonly codes: readonly string[];
}

export function recoveryCodesPage(page: RecoveryCodesPage): string {
  return layout(
    'Save your recovery codes',
    `<p>Each code signs you in once if you lose your authenticator. They are shown only now: keep them somewhere safe.</p>
<ul id="recovery-codes">
${page.codes.map((code) => `<li><code>${escapeHtml(code)}</code></li>`).join('\n')}
</ul>
<form method="post" action="authorize">
${hidden([...page.carried, ['csrf_token', page.csrf], ['action', 'continue']])}
<button type="submit">Continue</button>
</form>`,
  );
}
