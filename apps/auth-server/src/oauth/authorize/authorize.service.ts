import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@charter/service-kit';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import { ClientsRepository } from '../../projection/clients.repository.js';
import { ContentApisRepository } from '../../projection/content-apis.repository.js';
import { ContractsRepository } from '../../projection/contracts.repository.js';
import { EnterprisesRepository } from '../../projection/enterprises.repository.js';
import type { ProjectedClient } from '../../projection/entities/projected-client.entity.js';
import type { ProjectedUser } from '../../projection/entities/projected-user.entity.js';
import { UsersRepository } from '../../projection/users.repository.js';
import { LoginLockout } from '../../users/login-lockout.js';
import { PasswordVerifier } from '../../users/password-verifier.js';
import { clientRefusal } from '../client-auth/domain/client-eligibility.js';
import { hashOpaqueToken, newOpaqueToken } from '../opaque-token.js';
import { FormProtection } from '../session/form-protection.js';
import {
  type LoginSession,
  LoginSessionsRepository,
} from '../session/login-sessions.repository.js';
import {
  ACCOUNT_SELF_SCOPE,
  IDENTITY_SCOPES,
  userMayUseClient,
} from '../token/domain/user-access-selection.js';
import { userCanHaveTokens } from '../token/user-grant-support.js';
import { AuthorizationCodesRepository } from './authorization-codes.repository.js';
import { ConsentsRepository } from './consents.repository.js';
import {
  AUTHORIZATION_PARAMETERS,
  type AuthorizeErrorCode,
  checkAuthorizationRequest,
  type Parameters,
  redirectLocation,
} from './domain/authorization-request.js';
import {
  type ConsentItem,
  consentCovers,
  isDelegatingClient,
  OWN_TARGET,
  requestedConsent,
} from './domain/consent.js';
import type { CookieToSet, PageResponse } from './page-response.js';
import { chooseLocale } from './domain/locale.js';
import type { Messages } from './messages.js';
import {
  type ConsentPage,
  consentPage,
  errorPage,
  loginPage,
  type PageView,
  pageView,
  recoveryCodesPage,
  secondFactorPage,
  totpEnrolmentPage,
} from './pages.js';
import {
  completesFreshSignIn,
  PASSWORD_ONLY,
  secondStepDue,
  withSecondFactor,
} from '../../second-factor/domain/authentication-context.js';
import { SecondFactors } from '../../second-factor/second-factors.service.js';
import { ScopeCatalogue, unknownScopeDescription } from '../token/scope-catalogue.js';
import { REQUEST_URI_PREFIX } from '../par/par-endpoint.service.js';
import { requiresPushedRequest } from '../security-profile/domain/fapi2.js';
import { type PushedRequest, PushedRequestsRepository } from '../par/pushed-requests.repository.js';

export const SESSION_COOKIE = 'charter_session';
/** RFC 6749 §4.1.2: short lived; 60 seconds. */
export const CODE_TTL_SECONDS = 60;

/** The account service is no content API: it has no entry in the projection's catalogue. */
const ACCOUNT_SERVICE_NAME = 'your enterprise account (Charter account service)';
const ACCOUNT_SELF_DESCRIPTION = 'Manage your enterprise account as your role allows';

export interface PageHttpRequest {
  readonly method: 'GET' | 'POST';
  /** The raw query string (after `?`), GET. */
  readonly query: string;
  /** The raw body, POST (the app hands form bodies over as strings). */
  readonly body: unknown;
  readonly contentType: string | undefined;
  readonly cookies: Readonly<Record<string, string | undefined>>;
  readonly ip: string;
  /** The `Origin` and `Sec-Fetch-Site` request headers, when sent. */
  readonly origin?: string | undefined;
  readonly secFetchSite?: string | undefined;
  /** The `Accept-Language` request header, when sent (the pages' language after ui_locales). */
  readonly acceptLanguage?: string | undefined;
}

/** Parses a query string or form body; names map to every value given. */
export function parseParameters(raw: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(raw)) {
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return values;
}

/** The session cookie's live session and its user, when both may still be used. */
export interface CurrentSession {
  readonly session: LoginSession;
  readonly user: ProjectedUser;
}

/**
 * The authorization endpoint (RFC 6749 §3.1, §4.1; OpenID Connect Core §3.1.2):
 * checks the request, logs the user in (or reuses the SSO session), asks for
 * consent when it was not given before, then redirects with a single-use code.
 */
@Injectable()
export class AuthorizeService {
  private readonly logger = new Logger('LoginAudit');

  constructor(
    private readonly config: AuthServerConfig,
    private readonly clients: ClientsRepository,
    private readonly enterprises: EnterprisesRepository,
    private readonly users: UsersRepository,
    private readonly contracts: ContractsRepository,
    private readonly contentApis: ContentApisRepository,
    private readonly passwords: PasswordVerifier,
    private readonly sessions: LoginSessionsRepository,
    private readonly lockout: LoginLockout,
    private readonly consents: ConsentsRepository,
    private readonly codes: AuthorizationCodesRepository,
    private readonly clock: Clock,
    private readonly forms: FormProtection,
    private readonly scopeCatalogue: ScopeCatalogue,
    private readonly pushedRequests: PushedRequestsRepository,
    private readonly secondFactors: SecondFactors,
  ) {}

  async authorize(http: PageHttpRequest): Promise<PageResponse> {
    let parameters: Parameters;
    if (http.method === 'POST') {
      if (!isForm(http.contentType) || typeof http.body !== 'string') {
        return page(
          400,
          'Invalid request',
          'The form must be sent as application/x-www-form-urlencoded.',
        );
      }
      parameters = parseParameters(http.body);
    } else {
      parameters = parseParameters(http.query);
    }
    // RFC 9126 §4: a request_uri from /par stands for the pushed parameters (the client's own,
    // checked there); the rest of the request is only our forms' fields.
    const requestUri = parameters.get('request_uri')?.[0];
    const pushed = await this.pushedRequest(parameters);
    if (pushed === 'refused') {
      return page(
        400,
        'Invalid request',
        'The request_uri is unknown, expired or already used, or belongs to another application.',
      );
    }
    if (pushed !== null) {
      parameters = withPushedParameters(parameters, pushed);
    }
    // OIDC Core §3.1.2.1 ui_locales, then Accept-Language: the language of every page below.
    const view = pageView(
      chooseLocale(parameters.get('ui_locales')?.[0], http.acceptLanguage),
      this.config.brand(),
    );
    const { t } = view;
    const clientIds = parameters.get('client_id') ?? [];
    const client = clientIds.length === 1 ? await this.usableClient(clientIds[0] as string) : null;
    const checked = checkAuthorizationRequest(parameters, (id) =>
      client && client.clientId === id ? client : null,
    );
    if ('kind' in checked) {
      return checked.kind === 'page'
        ? page(400, checked.title, checked.description, [], view)
        : this.redirectError(
            checked.redirectUri,
            checked.state,
            checked.error,
            checked.description,
          );
    }
    const request = checked;
    const theClient = client as ProjectedClient;
    // RFC 9126 §5: with PAR required (server-wide, or for a fapi2 client: FAPI 2.0 §5.3.2.2),
    // /authorize takes nothing but a request_uri.
    if (
      pushed === null &&
      requiresPushedRequest(theClient.securityProfile, this.config.PAR_REQUIRED)
    ) {
      return this.redirectError(
        request.redirectUri,
        request.state,
        'invalid_request',
        'pushed authorization requests are required: send request_uri from the PAR endpoint',
      );
    }
    const single = (name: string): string | undefined => parameters.get(name)?.[0];
    const action = http.method === 'POST' ? single('action') : undefined;
    if (action !== undefined) {
      // Our login and consent forms only: bound to this browser's pre-login session, posted
      // from our own origin. Refused before anything is looked at; no cookie is set.
      const refusal = this.forms.refusal(http, single('csrf_token'));
      if (refusal !== null) {
        this.logger.warn(
          { audit: 'form_refused', form: action, reason: refusal, ip: http.ip },
          'form post refused',
        );
        return page(
          403,
          'Form expired',
          'The form has expired or was not sent from this site. Go back and try again.',
        );
      }
    }
    // RFC 6749 §3.3, §4.1.2.1: a scope none of the request's targets defines is invalid_scope,
    // redirected before anyone logs in: a typo is reported, not silently dropped.
    const unknown = await this.scopeCatalogue.unknown(request.scopes, request.resources, theClient);
    if (unknown.length > 0) {
      return this.redirectError(
        request.redirectUri,
        request.state,
        'invalid_scope',
        unknownScopeDescription(unknown),
      );
    }
    // The browser's pre-login session exists before any form is shown; the forms carry its token.
    const browser = this.forms.browserSession(http.cookies);
    const csrf = browser.csrf;
    const cookies: CookieToSet[] = browser.cookie ? [browser.cookie] : [];
    // With PAR, the forms carry only the client_id and request_uri, never the parameters.
    const carried: Array<[string, string]> =
      pushed === null
        ? carriedParameters(parameters)
        : [
            ['client_id', pushed.clientId],
            ['request_uri', requestUri ?? ''],
          ];
    const now = this.clock.now();

    let current = await this.currentSession(http.cookies[SESSION_COOKIE], now);
    let justLoggedIn = false;
    if (action === 'login') {
      const outcome = await this.login(parameters, http.ip, theClient, request.acrValues, t, now);
      if ('error' in outcome) {
        return {
          kind: 'page',
          status: outcome.status,
          html: loginPage({
            view,
            clientName: theClient.name,
            carried,
            csrf,
            email: single('email') ?? '',
            error: outcome.error,
          }),
          cookies,
        };
      }
      current = outcome;
      justLoggedIn = true;
      cookies.push({
        name: SESSION_COOKIE,
        value: outcome.cookie,
        maxAge: this.config.SESSION_TTL,
      });
    }
    if ((action === 'second_factor' || action === 'enrol_totp') && current !== null) {
      // The second step of a sign-in whose password was checked (the session says so).
      const step = await this.secondStep(action, current, single('code') ?? '', {
        ip: http.ip,
        acrValues: request.acrValues,
        carried,
        csrf,
        view,
        now,
      });
      if (step.kind === 'page') {
        return { kind: 'page', status: step.status, html: step.html, cookies };
      }
      if (step.kind === 'stepped-up') {
        justLoggedIn = completesFreshSignIn(current.session.amr, current.session.authTime, now);
        current = step.current;
        cookies.push({ name: SESSION_COOKIE, value: step.cookie, maxAge: this.config.SESSION_TTL });
        if (step.recoveryCodes !== undefined) {
          return {
            kind: 'page',
            status: 200,
            html: recoveryCodesPage({ view, carried, csrf, codes: step.recoveryCodes }),
            cookies,
          };
        }
      }
    }

    // OIDC Core §3.1.2.1: prompt=login and max_age force a fresh login.
    const tooOld =
      current !== null &&
      request.maxAge !== undefined &&
      now.getTime() - current.session.authTime.getTime() > request.maxAge * 1000;
    if (current === null || (!justLoggedIn && (request.prompts.includes('login') || tooOld))) {
      if (request.prompts.includes('none')) {
        // OIDC Core §3.1.2.6.
        return this.redirectError(
          request.redirectUri,
          request.state,
          'login_required',
          'the user is not signed in',
        );
      }
      return {
        kind: 'page',
        status: 200,
        html: loginPage({
          view,
          clientName: theClient.name,
          carried,
          csrf,
          email: request.loginHint ?? '',
        }),
        cookies,
      };
    }
    // A session whose second step is due is no sign-in yet: nothing below (consent, code) is
    // reached without it, whatever the form posted.
    const due = await this.dueStep(current, request.acrValues);
    if (due !== 'none') {
      if (request.prompts.includes('none')) {
        // OIDC Core §3.1.2.6.
        return this.redirectError(
          request.redirectUri,
          request.state,
          'interaction_required',
          'the sign-in needs a second factor',
          cookies,
        );
      }
      return {
        kind: 'page',
        status: 200,
        html: await this.secondStepPage(due, current.user, carried, csrf, view, now),
        cookies,
      };
    }
    const { user, session } = current;
    if (!userMayUseClient(theClient, user)) {
      return this.redirectError(
        request.redirectUri,
        request.state,
        'access_denied',
        'this account cannot use this application',
        cookies,
      );
    }
    const decision = requestedConsent({
      access: {
        client: theClient,
        user,
        enterpriseStatus:
          user.enterpriseId === null
            ? null
            : ((await this.enterprises.findById(user.enterpriseId))?.status ?? null),
        contracts:
          user.enterpriseId === null
            ? []
            : await this.contracts.findByEnterprise(user.enterpriseId),
        accountServiceAudience: this.config.ACCOUNT_SERVICE_AUDIENCE,
        now,
      },
      resources: request.resources,
      scopes: request.scopes,
      delegating: isDelegatingClient(theClient),
    });
    if (!decision.granted) {
      const error: AuthorizeErrorCode =
        decision.error === 'user_not_allowed' ? 'access_denied' : decision.error;
      return this.redirectError(
        request.redirectUri,
        request.state,
        error,
        decision.description,
        cookies,
      );
    }
    const { consent } = decision;

    if (action === 'consent') {
      if (single('decision') !== 'allow') {
        return this.redirectError(
          request.redirectUri,
          request.state,
          'access_denied',
          'the user denied the request',
          cookies,
        );
      }
      // Exactly what the page showed: the client's own scopes and each API's, per API.
      await this.consents.grant(user.id, theClient.clientId, consent.items, now);
    } else {
      const consented = await this.consents.findAll(user.id, theClient.clientId);
      if (!consentCovers(consented, consent.items) || request.prompts.includes('consent')) {
        if (request.prompts.includes('none')) {
          return this.redirectError(
            request.redirectUri,
            request.state,
            'consent_required',
            'the user has not consented',
            cookies,
          );
        }
        return {
          kind: 'page',
          status: 200,
          html: consentPage({
            view,
            clientName: theClient.name,
            userEmail: user.email,
            ...(await this.describe(consent.items, t)),
            carried,
            csrf,
          }),
          cookies,
        };
      }
    }

    // RFC 9126 §4: a request_uri yields one code, on whichever instance comes first.
    if (pushed !== null && !(await this.pushedRequests.consume(pushed.requestUriHash, now))) {
      return this.redirectError(
        request.redirectUri,
        request.state,
        'invalid_request',
        'the request_uri was already used or has expired',
        cookies,
      );
    }
    // RFC 6749 §4.1.2: a random, single-use, short-lived code, stored only as its hash.
    const code = newOpaqueToken();
    await this.codes.create({
      codeHash: hashOpaqueToken(code),
      clientId: theClient.clientId,
      userId: user.id,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge ?? null,
      nonce: request.nonce ?? null,
      scopes: [...consent.code.scopes],
      resource: consent.code.resource,
      authTime: session.authTime,
      amr: session.amr,
      expiresAt: new Date(now.getTime() + CODE_TTL_SECONDS * 1000),
      dpopJkt: request.dpopJkt ?? null,
    });
    return {
      kind: 'redirect',
      // RFC 9207: iss tells the client which server answered.
      location: redirectLocation(request.redirectUri, {
        code,
        state: request.state,
        iss: this.config.AUTH_ISSUER,
      }),
      cookies,
    };
  }

  /**
   * RFC 9126 §4: null without a request_uri; the pushed request when the request_uri is one of
   * ours, unexpired, unused, and the client_id names the client that pushed it; else 'refused'.
   */
  private async pushedRequest(parameters: Parameters): Promise<PushedRequest | null | 'refused'> {
    const uris = parameters.get('request_uri') ?? [];
    if (uris.length === 0) {
      return null;
    }
    const [uri] = uris;
    const clientIds = parameters.get('client_id') ?? [];
    if (
      uris.length > 1 ||
      uri === undefined ||
      !uri.startsWith(REQUEST_URI_PREFIX) ||
      clientIds.length !== 1
    ) {
      return 'refused';
    }
    const found = await this.pushedRequests.findUsable(
      hashOpaqueToken(uri.slice(REQUEST_URI_PREFIX.length)),
      this.clock.now(),
    );
    return found !== null && found.clientId === clientIds[0] ? found : 'refused';
  }

  /** The SSO session of the cookie, when live and its user may still sign in. */
  async currentSession(cookie: string | undefined, now: Date): Promise<CurrentSession | null> {
    if (cookie === undefined || cookie.length < 32 || cookie.length > 128) {
      return null;
    }
    const session = await this.sessions.findLive(hashOpaqueToken(cookie), now);
    if (!session) {
      return null;
    }
    const user = await this.users.findById(session.userId);
    // A session older than the user's last password change has ended (UserPasswordChanged).
    return userCanHaveTokens(user, session.authTime) ? { session, user } : null;
  }

  /** A client that may be sent users: known, not deleted, active, its enterprise active. */
  private async usableClient(clientId: string): Promise<ProjectedClient | null> {
    const client = await this.clients.findByClientId(clientId);
    if (!client) {
      return null;
    }
    const enterprise =
      client.enterpriseId === null ? null : await this.enterprises.findById(client.enterpriseId);
    return clientRefusal(client, enterprise?.status) === null ? client : null;
  }

  /**
   * Checks the login form. Every attempt counts against the account and the address
   * before the password is looked at, and a locked one is refused unchecked; the message
   * never says whether the email exists.
   */
  private async login(
    parameters: Parameters,
    ip: string,
    client: ProjectedClient,
    acrValues: readonly string[],
    t: Messages,
    now: Date,
  ): Promise<(CurrentSession & { cookie: string }) | { status: number; error: string }> {
    const email = (parameters.get('email')?.[0] ?? '').trim().toLowerCase();
    const password = parameters.get('password')?.[0] ?? '';
    if (email === '' || password === '') {
      return { status: 400, error: t.enterEmailAndPassword };
    }
    const attempt = { email, ip };
    // Counted before the password is checked, so parallel submissions cannot outrun the limit.
    if (!(await this.lockout.admit(attempt, now))) {
      this.logger.warn({ audit: 'login_locked', ip }, 'login refused: locked out');
      return { status: 429, error: t.lockedOut };
    }
    const user = await this.users.findByEmail(email);
    // The verification runs for unknown users too (against a dummy hash): timing tells nothing.
    const matched = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!matched || !user || !userCanHaveTokens(user, now)) {
      this.lockout.recordFailure(attempt);
      this.logger.warn({ audit: 'login_failed', clientId: client.clientId, ip }, 'login failed');
      return { status: 401, error: t.wrongCredentials };
    }
    if (!userMayUseClient(client, user)) {
      return { status: 403, error: t.cannotUseApp };
    }
    const due = secondStepDue({
      roles: user.roles,
      requiredRoles: this.config.MFA_REQUIRED_ROLES,
      enrolled: await this.secondFactors.isEnrolled(user.id),
      acrValues,
      amr: PASSWORD_ONLY,
    });
    if (due === 'none') {
      await this.lockout.recordSuccess(attempt);
    } else {
      await this.lockout.recordFirstFactor(attempt);
    }
    const cookie = newOpaqueToken();
    const session = await this.sessions.create(
      hashOpaqueToken(cookie),
      user.id,
      now,
      new Date(now.getTime() + this.config.SESSION_TTL * 1000),
      PASSWORD_ONLY,
    );
    this.logger.log(
      { audit: 'login_succeeded', clientId: client.clientId, userId: user.id },
      'user signed in',
    );
    return { session, user, cookie };
  }

  /** What the session still needs before it is a sign-in (domain/authentication-context.ts). */
  private async dueStep(
    current: CurrentSession,
    acrValues: readonly string[],
  ): Promise<'none' | 'verify' | 'enrol'> {
    return secondStepDue({
      roles: current.user.roles,
      requiredRoles: this.config.MFA_REQUIRED_ROLES,
      enrolled: await this.secondFactors.isEnrolled(current.user.id),
      acrValues,
      amr: current.session.amr,
    });
  }

  private async secondStepPage(
    due: 'verify' | 'enrol',
    user: ProjectedUser,
    carried: ReadonlyArray<readonly [string, string]>,
    csrf: string,
    view: PageView,
    now: Date,
    error?: string,
  ): Promise<string> {
    const enrolment = due === 'enrol' ? await this.secondFactors.enrolment(user, now) : null;
    const withError = error === undefined ? {} : { error };
    return enrolment === null
      ? secondFactorPage({ view, carried, csrf, ...withError })
      : totpEnrolmentPage({ view, carried, csrf, ...enrolment, ...withError });
  }

  /**
   * The second step's form: a TOTP or recovery code (`second_factor`), or the first code of a
   * new TOTP secret (`enrol_totp`). Every attempt is counted in the login lock-out before the
   * code is looked at (the account's and the address's), like a password; a right code
   * clears the account's count, moves the session to the new methods under a new cookie.
   */
  private async secondStep(
    action: 'second_factor' | 'enrol_totp',
    current: CurrentSession,
    code: string,
    context: {
      ip: string;
      acrValues: readonly string[];
      carried: ReadonlyArray<readonly [string, string]>;
      csrf: string;
      view: PageView;
      now: Date;
    },
  ): Promise<
    | { kind: 'none' }
    | { kind: 'page'; status: number; html: string }
    | {
        kind: 'stepped-up';
        current: CurrentSession;
        cookie: string;
        recoveryCodes?: readonly string[];
      }
  > {
    const { user, session } = current;
    const { now } = context;
    const due = await this.dueStep(current, context.acrValues);
    // Only the form of the step that is due counts; anything else shows that step's page.
    if (due === 'none' || (due === 'verify') !== (action === 'second_factor')) {
      return { kind: 'none' };
    }
    const fail = async (status: number, error: string) => ({
      kind: 'page' as const,
      status,
      html: await this.secondStepPage(
        due,
        user,
        context.carried,
        context.csrf,
        context.view,
        now,
        error,
      ),
    });
    const attempt = { email: user.email, ip: context.ip };
    if (!(await this.lockout.admit(attempt, now))) {
      this.logger.warn(
        { audit: 'second_factor_locked', ip: context.ip },
        'second factor refused: locked out',
      );
      return fail(429, context.view.t.lockedOut);
    }
    let recoveryCodes: readonly string[] | undefined;
    let amr: readonly string[];
    if (due === 'enrol') {
      const codes = await this.secondFactors.confirm(user.id, code, now);
      if (codes === null) {
        this.logger.warn(
          { audit: 'second_factor_failed', userId: user.id, ip: context.ip },
          'TOTP enrolment code wrong',
        );
        return fail(401, context.view.t.wrongCode);
      }
      recoveryCodes = codes;
      amr = withSecondFactor('totp');
      this.logger.log(
        { audit: 'second_factor_enrolled', userId: user.id, method: 'totp' },
        'TOTP enrolled',
      );
    } else {
      const kind = await this.secondFactors.verify(user.id, code, now);
      if (kind === null) {
        this.logger.warn(
          { audit: 'second_factor_failed', userId: user.id, ip: context.ip },
          'second factor wrong',
        );
        return fail(401, context.view.t.wrongCode);
      }
      amr = withSecondFactor(kind);
      this.logger.log(
        { audit: 'second_factor_succeeded', userId: user.id, method: kind },
        'second factor verified',
      );
    }
    await this.lockout.recordSuccess(attempt);
    const cookie = newOpaqueToken();
    if (!(await this.sessions.stepUp(session.id, hashOpaqueToken(cookie), amr, now, now))) {
      return fail(401, context.view.t.signInEnded);
    }
    return {
      kind: 'stepped-up',
      current: { user, session: { ...session, amr, authTime: now } },
      cookie,
      ...(recoveryCodes === undefined ? {} : { recoveryCodes }),
    };
  }

  /**
   * The consent page's content: the client's own (identity) scopes, then each API by its
   * name in the projection with each scope described from its catalogue (else its name).
   */
  private async describe(
    items: readonly ConsentItem[],
    t: Messages,
  ): Promise<Pick<ConsentPage, 'scopes' | 'apis'>> {
    const catalogue = await this.contentApis.findAll();
    const identity = [
      ...new Set(items.flatMap((item) => item.scopes.filter((s) => IDENTITY_SCOPES.includes(s)))),
    ];
    const apis = items
      .filter((item) => item.resource !== OWN_TARGET)
      .map((item) => {
        const api = catalogue.find((candidate) => candidate.resourceIndicator === item.resource);
        const isAccounts = item.resource === this.config.ACCOUNT_SERVICE_AUDIENCE;
        return {
          name: api?.name ?? (isAccounts ? ACCOUNT_SERVICE_NAME : item.resource),
          resource: item.resource,
          scopes: item.scopes
            .filter((name) => !IDENTITY_SCOPES.includes(name))
            .map((name) => ({
              name,
              description:
                api?.scopes.find((scope) => scope.name === name)?.description ??
                (name === ACCOUNT_SELF_SCOPE ? ACCOUNT_SELF_DESCRIPTION : name),
            })),
        };
      });
    return {
      scopes: identity.map((name) => ({
        name,
        description: t.identityScopes[name] ?? name,
      })),
      apis,
    };
  }

  private redirectError(
    redirectUri: string,
    state: string | undefined,
    error: AuthorizeErrorCode,
    description: string,
    cookies: CookieToSet[] = [],
  ): PageResponse {
    // RFC 6749 §4.1.2.1 error response; RFC 9207 iss.
    return {
      kind: 'redirect',
      location: redirectLocation(redirectUri, {
        error,
        error_description: description,
        state,
        iss: this.config.AUTH_ISSUER,
      }),
      cookies,
    };
  }
}

/** The pushed parameters, with the posted form's own fields (login, consent) beside them. */
function withPushedParameters(posted: Parameters, pushed: PushedRequest): Parameters {
  const effective = new Map<string, string[]>();
  for (const [name, value] of pushed.parameters) {
    effective.set(name, [...(effective.get(name) ?? []), value]);
  }
  const own: ReadonlySet<string> = new Set([...AUTHORIZATION_PARAMETERS, 'request_uri']);
  for (const [name, values] of posted) {
    if (!own.has(name)) {
      effective.set(name, [...values]);
    }
  }
  return effective;
}

/** The authorization request's own parameters, to carry through the login and consent forms. */
function carriedParameters(parameters: Parameters): Array<[string, string]> {
  const carried: Array<[string, string]> = [];
  for (const name of AUTHORIZATION_PARAMETERS) {
    for (const value of parameters.get(name) ?? []) {
      carried.push([name, value]);
    }
  }
  return carried;
}

function isForm(contentType: string | undefined): boolean {
  return (
    (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded'
  );
}

function page(
  status: number,
  title: string,
  description: string,
  cookies: CookieToSet[] = [],
  view?: PageView,
): PageResponse {
  return { kind: 'page', status, html: errorPage(title, description, view), cookies };
}
