import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@charter/service-kit';
import { compactVerify, errors } from 'jose';
import { AuthServerConfig, SIGNING_ALGORITHMS } from '../../config/auth-server.config.js';
import { SigningKeys } from '../../keys/signing-keys.service.js';
import { ClientsRepository } from '../../projection/clients.repository.js';
import type { ProjectedClient } from '../../projection/entities/projected-client.entity.js';
import {
  AuthorizeService,
  type PageHttpRequest,
  parseParameters,
  SESSION_COOKIE,
} from '../authorize/authorize.service.js';
import { redirectLocation } from '../authorize/domain/authorization-request.js';
import type { CookieToSet, PageResponse } from '../authorize/page-response.js';
import { errorPage, loggedOutPage, logoutPage } from '../authorize/pages.js';
import { FormProtection } from '../session/form-protection.js';
import { LoginSessionsRepository } from '../session/login-sessions.repository.js';
import { idTokenHintAudience } from './domain/id-token-hint.js';

const LOGOUT_PARAMETERS = [
  'id_token_hint',
  'post_logout_redirect_uri',
  'state',
  'client_id',
] as const;

/**
 * OpenID Connect RP-Initiated Logout 1.0: GET shows a confirmation page (§2: the
 * OP should ask the user); its POST (with the CSRF token) ends the SSO session and
 * returns to the client's registered post-logout URI (exact match) with `state`.
 */
@Injectable()
export class LogoutService {
  private readonly logger = new Logger('LoginAudit');

  constructor(
    private readonly config: AuthServerConfig,
    private readonly clients: ClientsRepository,
    private readonly keys: SigningKeys,
    private readonly sessions: LoginSessionsRepository,
    private readonly authorize: AuthorizeService,
    private readonly clock: Clock,
    private readonly forms: FormProtection,
  ) {}

  async logout(http: PageHttpRequest): Promise<PageResponse> {
    if (
      http.method === 'POST' &&
      (typeof http.body !== 'string' ||
        !(http.contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded'))
    ) {
      return errorResponse(400, 'The form must be sent as application/x-www-form-urlencoded.');
    }
    const parameters = parseParameters(http.method === 'POST' ? (http.body as string) : http.query);
    const single = (name: string): string | undefined | null => {
      const values = parameters.get(name) ?? [];
      return values.length > 1 ? null : values[0] === '' ? undefined : values[0];
    };
    for (const name of LOGOUT_PARAMETERS) {
      if (single(name) === null) {
        return errorResponse(400, `${name} is included more than once.`);
      }
    }
    // §2: id_token_hint identifies the client (its aud); client_id may say it too, and must agree.
    const hint = single('id_token_hint') ?? undefined;
    const hintedClientId = hint === undefined ? undefined : await this.audienceOf(hint);
    if (hint !== undefined && hintedClientId === undefined) {
      return errorResponse(400, 'The id_token_hint was not issued by this server.');
    }
    const givenClientId = single('client_id') ?? undefined;
    if (
      givenClientId !== undefined &&
      hintedClientId !== undefined &&
      givenClientId !== hintedClientId
    ) {
      return errorResponse(400, 'client_id does not match the id_token_hint.');
    }
    const clientId = hintedClientId ?? givenClientId;
    const client: ProjectedClient | null =
      clientId === undefined ? null : await this.clients.findByClientId(clientId);
    const postLogout = single('post_logout_redirect_uri') ?? undefined;
    // §3: the URI must have been registered by the client, compared exactly; without a client it cannot be checked.
    if (
      postLogout !== undefined &&
      (!client || !client.postLogoutRedirectUris.includes(postLogout))
    ) {
      return errorResponse(
        400,
        'The post-logout redirect URI is not registered for this application.',
      );
    }
    // §2: the RP may send the logout request by GET or POST (cross-site, without our token):
    // either way it only shows the confirmation page. Only our page's form (action=logout)
    // ends the session, and only from this browser's session and our own origin.
    const confirmed = http.method === 'POST' && single('action') === 'logout';
    if (confirmed) {
      const refusal = this.forms.refusal(http, single('csrf_token') ?? undefined);
      if (refusal !== null) {
        this.logger.warn(
          { audit: 'form_refused', form: 'logout', reason: refusal, ip: http.ip },
          'form post refused',
        );
        return errorResponse(
          403,
          'The form has expired or was not sent from this site. Go back and try again.',
        );
      }
    }
    const browser = this.forms.browserSession(http.cookies);
    const cookies: CookieToSet[] = browser.cookie ? [browser.cookie] : [];
    if (!confirmed) {
      const carried: Array<[string, string]> = [];
      for (const name of LOGOUT_PARAMETERS) {
        const value = single(name);
        if (typeof value === 'string') {
          carried.push([name, value]);
        }
      }
      return {
        kind: 'page',
        status: 200,
        html: logoutPage({
          carried,
          csrf: browser.csrf,
          ...(client ? { clientName: client.name } : {}),
        }),
        cookies,
      };
    }
    const now = this.clock.now();
    const current = await this.authorize.currentSession(http.cookies[SESSION_COOKIE], now);
    if (current) {
      await this.sessions.end(current.session.id, now);
    }
    cookies.push({ name: SESSION_COOKIE, value: '', maxAge: 0 });
    if (postLogout !== undefined) {
      return {
        kind: 'redirect',
        location: redirectLocation(postLogout, { state: single('state') ?? undefined }),
        cookies,
      };
    }
    return { kind: 'page', status: 200, html: loggedOutPage(), cookies };
  }

  /** The `aud` of an ID token we signed (its expiry does not matter for a hint: §2), or undefined. */
  private async audienceOf(idToken: string): Promise<string | undefined> {
    if (idToken.length > 8_192) {
      return undefined;
    }
    try {
      // Any algorithm an ID token of ours may carry (the client's id_token_signed_response_alg),
      // each verified only with a published key of that very `alg` and `kid`.
      const { payload, protectedHeader } = await compactVerify(
        idToken,
        async (header) => {
          const key = await this.keys.verificationKey(header.kid, header.alg);
          if (!key) {
            throw new errors.JWKSNoMatchingKey();
          }
          return key;
        },
        { algorithms: [...SIGNING_ALGORITHMS] },
      );
      const claims = JSON.parse(new TextDecoder().decode(payload)) as unknown;
      if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
        return undefined;
      }
      // An ID token, not an access token that names the client as its audience.
      return idTokenHintAudience(
        protectedHeader,
        claims as Record<string, unknown>,
        this.config.AUTH_ISSUER,
      );
    } catch {
      return undefined;
    }
  }
}

function errorResponse(
  status: number,
  description: string,
  cookies: CookieToSet[] = [],
): PageResponse {
  return { kind: 'page', status, html: errorPage('Cannot sign out', description), cookies };
}
