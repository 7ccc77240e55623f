import { Injectable } from '@nestjs/common';
import { Clock } from '@charter/service-kit';
import { UsersRepository } from '../../../projection/users.repository.js';
import { LoginLockout } from '../../../users/login-lockout.js';
import { PasswordVerifier } from '../../../users/password-verifier.js';
import type { AuthenticatedClient } from '../../client-auth/authenticated-client.js';
import { InvalidGrant, InvalidRequest } from '../../oauth.errors.js';
import { AccessTokenIssuer } from '../access-token.issuer.js';
import { formatScope } from '../domain/scope.js';
import { type GrantHandler, type GrantResult, tokenType } from '../grant-handler.js';
import { readResource, readScope } from '../grant-parameters.js';
import { ScopeCatalogue } from '../scope-catalogue.js';
import type { TokenRequest } from '../token-request.js';
import { UserTokens } from '../user-tokens.service.js';
import { userAccessRefusal } from '../user-grant-support.js';

/** One answer for every wrong username/password combination, so nothing tells which part was wrong. */
const WRONG_CREDENTIALS = 'the username or password is wrong';

/**
 * RFC 6749 §4.3 resource owner password credentials, for legacy enterprise portals
 * only: the client sees the user's password, so it is off unless an account's
 * grantTypes include `password` (RFC 9700 §2.4 says it MUST NOT be used otherwise).
 * Only active users of the client's own enterprise; no refresh token.
 */
@Injectable()
export class PasswordGrant implements GrantHandler {
  readonly grantType = 'password';
  // RFC 6749 §4.3.2: username, password, scope; RFC 8707 §2: resource.
  readonly parameters: ReadonlySet<string> = new Set(['username', 'password', 'scope', 'resource']);

  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordVerifier,
    private readonly lockout: LoginLockout,
    private readonly userTokens: UserTokens,
    private readonly issuer: AccessTokenIssuer,
    private readonly clock: Clock,
    private readonly scopes: ScopeCatalogue,
  ) {}

  async handle(
    request: TokenRequest,
    client: AuthenticatedClient,
    dpopJkt?: string,
  ): Promise<GrantResult> {
    // RFC 6749 §4.3.2: username and password are REQUIRED.
    const username = request.get('username')?.trim().toLowerCase();
    const password = request.get('password');
    if (!username || password === undefined) {
      throw new InvalidRequest('username and password are required');
    }
    const resource = readResource(request);
    const requestedScopes = readScope(request);
    // RFC 6749 §5.2: an unknown scope is invalid_scope; said before the password is looked at,
    // so it counts nothing against the lock-out.
    await this.scopes.assertKnown(requestedScopes, resource, client);
    const now = this.clock.now();

    // RFC 6749 §4.3.2: "MUST protect the endpoint against brute force attacks". The login
    // form's lock-out, by the name tried (unknown names lock alike): one count per account,
    // counted before the password is checked so parallel requests cannot outrun it.
    // No address key: the caller is the portal, whose address all its users share.
    const attempt = { email: username };
    if (!(await this.lockout.admit(attempt, now))) {
      throw new InvalidGrant('too many failed attempts; try again later');
    }
    const user = await this.users.findByEmail(username);
    // Always a full argon2id verification (a dummy hash for unknown users): timing tells nothing.
    const matched = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!user || !matched) {
      this.lockout.recordFailure(attempt);
      throw new InvalidGrant(WRONG_CREDENTIALS);
    }
    // The right password, but no token for this user through this client: the same answer.
    if (
      user.status !== 'active' ||
      user.deletedAt !== null ||
      client.enterpriseId === null ||
      user.enterpriseId !== client.enterpriseId
    ) {
      this.lockout.recordFailure(attempt);
      throw new InvalidGrant(WRONG_CREDENTIALS);
    }
    await this.lockout.recordSuccess(attempt);

    const decision = await this.userTokens.selectAccess(
      client,
      user,
      resource,
      requestedScopes,
      now,
    );
    if (!decision.granted) {
      // A user the client may not serve gets the one answer for every wrong combination.
      throw decision.error === 'user_not_allowed'
        ? new InvalidGrant(WRONG_CREDENTIALS)
        : userAccessRefusal(decision.error, decision.description);
    }
    const { access } = decision;
    // No refresh token from this grant (the portal would hold a long-lived credential of the
    // user's), so offline_access is not granted; §3.3: the response says what was issued.
    const scopes = access.scopes.filter((scope) => scope !== 'offline_access');
    const issued = await this.issuer.issue({
      subject: user.id,
      clientId: client.clientId,
      access: { ...access, scopes },
      lifetimeSeconds: client.accessTokenTtlSeconds,
      credentialId: client.credentialId,
      dpopJkt,
      now,
    });
    const scope = formatScope(scopes);
    return {
      response: {
        access_token: issued.token,
        token_type: tokenType(dpopJkt),
        expires_in: issued.expiresIn,
        ...(scope === '' ? {} : { scope }),
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
