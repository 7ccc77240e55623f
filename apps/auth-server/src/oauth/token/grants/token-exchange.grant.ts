import { Injectable } from '@nestjs/common';
import { TOKEN_EXCHANGE_GRANT } from '@charter/events';
import { Clock } from '@charter/service-kit';
import { UsersRepository } from '../../../projection/users.repository.js';
import { ConsentsRepository } from '../../authorize/consents.repository.js';
import type { AuthenticatedClient } from '../../client-auth/authenticated-client.js';
import { InvalidRequest, InvalidScope, InvalidTarget } from '../../oauth.errors.js';
import { RevokedTokensRepository } from '../../revoke/revoked-tokens.repository.js';
import { AccessTokenIssuer } from '../access-token.issuer.js';
import { AccessTokenVerifier } from '../access-token.verifier.js';
import { scopesWithinConsent } from '../domain/exchange-consent.js';
import { formatScope } from '../domain/scope.js';
import { type GrantHandler, type GrantResult, tokenType } from '../grant-handler.js';
import { isAbsoluteUriWithoutFragment } from '../domain/resource-indicator.js';
import { readResource, readScope } from '../grant-parameters.js';
import { ScopeCatalogue } from '../scope-catalogue.js';
import type { TokenRequest } from '../token-request.js';
import { UserTokens } from '../user-tokens.service.js';
import { userAccessRefusal, userCanHaveTokens } from '../user-grant-support.js';

/** RFC 8693 §3: the only token type this server accepts and issues. */
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/**
 * RFC 8693 token exchange for a portal that is both a resource server for its own
 * users' tokens and a client of the content API: it presents an access token a user
 * got for the portal itself (`aud` = the portal's client_id) and gets, for that user,
 * a token for a content API its enterprise's contract covers and the user consented to
 * for this portal (the authorization request's `resource` and scopes, shown on the consent
 * page), with `act` naming the portal (§4.1). Delegation, not impersonation: the portal
 * stays visible.
 */
@Injectable()
export class TokenExchangeGrant implements GrantHandler {
  readonly grantType = TOKEN_EXCHANGE_GRANT;
  // RFC 8693 §2.1; the actor parameters are declared so that they can be refused.
  readonly parameters: ReadonlySet<string> = new Set([
    'subject_token',
    'subject_token_type',
    'actor_token',
    'actor_token_type',
    'requested_token_type',
    'resource',
    'audience',
    'scope',
  ]);

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly revocations: RevokedTokensRepository,
    private readonly users: UsersRepository,
    private readonly userTokens: UserTokens,
    private readonly consents: ConsentsRepository,
    private readonly issuer: AccessTokenIssuer,
    private readonly clock: Clock,
    private readonly scopes: ScopeCatalogue,
  ) {}

  async handle(
    request: TokenRequest,
    client: AuthenticatedClient,
    dpopJkt?: string,
  ): Promise<GrantResult> {
    // RFC 8693 §2.1: subject_token and subject_token_type are REQUIRED.
    const subjectToken = request.get('subject_token');
    if (subjectToken === undefined) {
      throw new InvalidRequest('subject_token is required');
    }
    const subjectTokenType = request.get('subject_token_type');
    if (subjectTokenType === undefined) {
      throw new InvalidRequest('subject_token_type is required');
    }
    if (subjectTokenType !== ACCESS_TOKEN_TYPE) {
      throw new InvalidRequest(`subject_token_type must be ${ACCESS_TOKEN_TYPE}`);
    }
    // RFC 8693 §2.1: the acting party is the authenticated client itself; actor tokens are not supported.
    if (request.has('actor_token') || request.has('actor_token_type')) {
      throw new InvalidRequest('actor_token is not supported');
    }
    const requestedType = request.get('requested_token_type');
    if (requestedType !== undefined && requestedType !== ACCESS_TOKEN_TYPE) {
      throw new InvalidRequest(`requested_token_type must be ${ACCESS_TOKEN_TYPE}`);
    }
    const target = readTarget(request);
    const requestedScopes = readScope(request);
    // RFC 6749 §5.2 (RFC 8693 §2.2.2 keeps it): a scope the target does not define is invalid_scope.
    await this.scopes.assertKnown(requestedScopes, target, client);

    // RFC 8693 §2.2.2: "If ... either the subject_token or actor_token are invalid for any
    // reason, or are unacceptable based on policy, the error code MUST be set to
    // invalid_request" (not invalid_grant: the grant is the exchange, the token is a parameter).
    // Ours only: signature by a key we publish, at+jwt, our iss, unexpired; and not revoked.
    const subject = await this.verifier.verify(subjectToken);
    if (subject === null || (await this.revocations.isRevoked(subject.jti))) {
      throw new InvalidRequest('the subject token is invalid, expired or revoked');
    }
    // The user gave this token to this portal: it was issued for the portal's own API.
    if (subject.audience !== client.clientId) {
      throw new InvalidRequest('the subject token was not issued for this client');
    }
    // A sender-constrained subject token (RFC 9449 §6) is exchanged only by the holder of its
    // key: the exchange's own proof must be of that key (§2.2.2: unacceptable, invalid_request).
    if (subject.dpopJkt !== undefined && subject.dpopJkt !== dpopJkt) {
      throw new InvalidRequest(
        'the subject token is DPoP-bound; send a DPoP proof of its key with the exchange',
      );
    }
    // Issued for a user who may still have tokens (active, not deleted), from a login after the
    // user's last password change (as a session or refresh family): the login is auth_time when
    // the token carries it, else its issue time (the password grant checked the password then).
    const user = await this.users.findById(subject.subject);
    const loggedInAt = new Date((subject.authTime ?? subject.issuedAt) * 1000);
    if (!userCanHaveTokens(user, loggedInAt)) {
      throw new InvalidRequest(
        'the subject token is not for an active user, or predates a password change',
      );
    }
    const now = this.clock.now();
    const decision = await this.userTokens.selectAccess(client, user, target, requestedScopes, now);
    if (!decision.granted) {
      // §2.2.2: the subject token's user not being one this client may act for (another
      // enterprise) makes the subject token unacceptable by policy: invalid_request too.
      throw decision.error === 'user_not_allowed'
        ? new InvalidRequest(decision.description)
        : userAccessRefusal(decision.error, decision.description);
    }
    if (decision.access.scopes.length === 0) {
      throw new InvalidScope('no scope can be granted for this resource');
    }
    // Within the user's consent (ARCHITECTURE.md, security invariants): the contract says what
    // the portal's enterprise may read, the consent what this user let this portal do for them,
    // per audience. The account service's audience is no exception: reachable only if consented.
    const consented = await this.consents.find(user.id, client.clientId, target);
    const withinConsent = scopesWithinConsent(consented, requestedScopes, decision.access.scopes);
    if (!withinConsent.granted) {
      throw withinConsent.error === 'invalid_target'
        ? new InvalidTarget(withinConsent.description)
        : new InvalidScope(withinConsent.description);
    }
    const access = { ...decision.access, scopes: withinConsent.scopes };
    // RFC 8693 §4.1: act names the portal acting for the user; sub stays the user.
    const issued = await this.issuer.issue({
      subject: user.id,
      clientId: client.clientId,
      access,
      lifetimeSeconds: client.accessTokenTtlSeconds,
      credentialId: client.credentialId,
      actor: client.clientId,
      dpopJkt,
      now,
    });
    const scope = formatScope(access.scopes);
    return {
      // RFC 8693 §2.2.1: issued_token_type is REQUIRED; token_type Bearer; no refresh token.
      response: {
        access_token: issued.token,
        issued_token_type: ACCESS_TOKEN_TYPE,
        token_type: tokenType(dpopJkt),
        expires_in: issued.expiresIn,
        scope,
      },
      issued: {
        jti: issued.jti,
        audience: access.audience,
        scope,
        ...(access.contractId === undefined ? {} : { contractId: access.contractId }),
      },
    };
  }
}

/**
 * RFC 8693 §2.1: `resource` (an absolute URI) and `audience` (a logical name; here a
 * content API's resource indicator) both name where the token will be used. One
 * target: both must agree when both are given. Without any the exchange has no point
 * (the subject token is already for the portal itself).
 */
function readTarget(request: TokenRequest): string {
  const resource = readResource(request);
  const audiences = request.getAll('audience');
  if (audiences.length > 1) {
    throw new InvalidTarget('only one audience per token request is supported');
  }
  const audience = audiences[0];
  if (audience !== undefined && !isAbsoluteUriWithoutFragment(audience)) {
    throw new InvalidTarget('audience must be the resource indicator of an API');
  }
  if (resource !== undefined && audience !== undefined && resource !== audience) {
    throw new InvalidTarget('resource and audience name different targets');
  }
  const target = resource ?? audience;
  if (target === undefined) {
    throw new InvalidRequest('resource or audience is required');
  }
  return target;
}
