/**
 * What a token issued for a user may carry (authorization_code, refresh_token,
 * password, token exchange): its one audience (RFC 8707 resource) and scopes,
 * decided from the client, the user, the user's enterprise's contracts, the
 * client's platform access and the account service's audience. Pure rules;
 * time is passed in; its spec file lists the cases one by one.
 */
import {
  type ContractTerms,
  contractInForce,
  type PlatformAccessTerms,
  withoutReservedAccess,
} from './access-selection.js';

/** The OpenID Connect / offline scopes: about the user and the session, not any API. */
export const IDENTITY_SCOPES: readonly string[] = ['openid', 'profile', 'email', 'offline_access'];

/** Platform-only: never in a user's token, whatever the client's platform access says. */
export const ADMIN_SCOPE = 'accounts:admin';

/** The only scope of a user's token for the account service. */
export const ACCOUNT_SELF_SCOPE = 'accounts:self';

export interface UserAccessClient {
  readonly clientId: string;
  /** Null for platform clients. */
  readonly enterpriseId: string | null;
  readonly platformAccess: PlatformAccessTerms | null;
}

export interface UserAccessUser {
  readonly id: string;
  readonly kind: 'enterprise' | 'individual' | 'platform';
  readonly enterpriseId: string | null;
  readonly roles: readonly string[];
}

/** The roles of platform users (people who run Charter: admins, read-only auditors). */
export const PLATFORM_ROLES: readonly string[] = ['platform-admin', 'platform-auditor'];

/** A platform user holding a platform role: one the account service may take as an admin. */
export function isPlatformStaff(user: UserAccessUser): boolean {
  return (
    user.kind === 'platform' &&
    user.enterpriseId === null &&
    user.roles.some((role) => PLATFORM_ROLES.includes(role))
  );
}

export interface UserAccessRequest {
  readonly client: UserAccessClient;
  readonly user: UserAccessUser;
  /** The status of the user's enterprise in the projection; null for individual users. */
  readonly enterpriseStatus: string | null;
  /** The user's enterprise's contracts, whatever their status. */
  readonly contracts: readonly ContractTerms[];
  /** ACCOUNT_SERVICE_AUDIENCE. */
  readonly accountServiceAudience: string;
  /** RFC 8707 resource, already checked to be an absolute URI; undefined when none was given. */
  readonly resource?: string;
  /** RFC 6749 §3.3 scope, parsed; undefined when the request had none. */
  readonly requestedScopes?: readonly string[];
  readonly now: Date;
}

export interface UserGrantedAccess {
  readonly audience: string;
  /** The access token's `scope`. */
  readonly scopes: readonly string[];
  /** The requested identity scopes granted (`openid` → id token, `offline_access` → refresh token). */
  readonly identityScopes: readonly string[];
  /** For enterprise users. */
  readonly enterpriseId?: string;
  /** When the audience is a content API covered by a contract. */
  readonly contractId?: string;
  /** The token must not outlive this (the contract's end). */
  readonly notAfter?: Date;
}

export type UserAccessRefusalCode = 'user_not_allowed' | 'invalid_scope' | 'invalid_target';

export type UserAccessDecision =
  | { readonly granted: true; readonly access: UserGrantedAccess }
  | {
      readonly granted: false;
      readonly error: UserAccessRefusalCode;
      readonly description: string;
    };

const refuse = (error: UserAccessRefusalCode, description: string): UserAccessDecision => ({
  granted: false,
  error,
  description,
});

/**
 * May this user use this client at all? A client of an enterprise serves only that
 * enterprise's users; a platform client (no enterprise: individual-user apps, the
 * platform's own) serves any user. Callers refuse the login / grant otherwise.
 */
export function userMayUseClient(client: UserAccessClient, user: UserAccessUser): boolean {
  return client.enterpriseId === null || client.enterpriseId === user.enterpriseId;
}

export function selectUserAccess(request: UserAccessRequest): UserAccessDecision {
  const { client, user } = request;
  if (!userMayUseClient(client, user)) {
    return refuse('user_not_allowed', "the user does not belong to the client's enterprise");
  }
  const requested = request.requestedScopes;
  const identityScopes = IDENTITY_SCOPES.filter((scope) => requested?.includes(scope) ?? false);
  const apiRequested = requested?.filter((scope) => !IDENTITY_SCOPES.includes(scope));
  const enterpriseId =
    user.kind === 'enterprise' && user.enterpriseId !== null ? user.enterpriseId : undefined;
  const base = { identityScopes, ...(enterpriseId === undefined ? {} : { enterpriseId }) };

  // 1. No resource: a token for the client's own backend, with identity scopes only.
  //    RFC 6749 §3.3: other requested scopes are left out (the response's `scope` says so).
  if (request.resource === undefined) {
    if (requested !== undefined && requested.length > 0 && identityScopes.length === 0) {
      return refuse('invalid_scope', 'without resource only openid profile email offline_access');
    }
    return {
      granted: true,
      access: { ...base, audience: client.clientId, scopes: identityScopes },
    };
  }
  const resource = request.resource;

  // 4. The account service: enterprise users and platform users with a platform role only,
  //    `accounts:self` only (never `accounts:admin`, whatever is asked); the account service
  //    decides the rest from the user's row.
  if (resource === request.accountServiceAudience) {
    if (enterpriseId === undefined && !isPlatformStaff(user)) {
      return refuse(
        'invalid_target',
        'the account service is for enterprise users and platform admins only',
      );
    }
    const scopes = narrow([ACCOUNT_SELF_SCOPE], apiRequested);
    return scopes.length === 0
      ? refuse('invalid_scope', `only ${ACCOUNT_SELF_SCOPE} can be granted for this resource`)
      : { granted: true, access: { ...base, audience: resource, scopes } };
  }

  // 2. A content API covered by a contract in force of the user's enterprise, through a client of
  //    that same enterprise.
  if (enterpriseId !== undefined && client.enterpriseId === enterpriseId) {
    const usable = withoutReservedAccess(request.contracts, request.accountServiceAudience);
    const covering = usable
      .filter(
        (contract) =>
          contract.enterpriseId === enterpriseId &&
          contract.resourceIndicator === resource &&
          contractInForce(contract, request.enterpriseStatus, request.now),
      )
      .map((contract) => ({ contract, scopes: narrow(contract.scopes, apiRequested) }))
      .filter((candidate) => candidate.scopes.length > 0)
      // Overlapping renewals: the one granting most, then lasting longest, then the lowest id.
      .sort(
        (a, b) =>
          b.scopes.length - a.scopes.length ||
          (b.contract.validUntil?.getTime() ?? Number.MAX_SAFE_INTEGER) -
            (a.contract.validUntil?.getTime() ?? Number.MAX_SAFE_INTEGER) ||
          a.contract.id.localeCompare(b.contract.id),
      );
    const chosen = covering[0];
    if (chosen) {
      return {
        granted: true,
        access: {
          ...base,
          audience: resource,
          scopes: chosen.scopes,
          contractId: chosen.contract.id,
          ...(chosen.contract.validUntil === null ? {} : { notAfter: chosen.contract.validUntil }),
        },
      };
    }
    if (
      usable.some(
        (contract) =>
          contract.enterpriseId === enterpriseId &&
          contract.resourceIndicator === resource &&
          contractInForce(contract, request.enterpriseStatus, request.now),
      )
    ) {
      return refuse('invalid_scope', 'none of the requested scopes can be granted');
    }
  }

  // 3. A platform client's platform audience (never the admin scope for a user).
  const platform = client.enterpriseId === null ? client.platformAccess : null;
  if (platform && platform.audience === resource) {
    const allowed = platform.scopes.filter((scope) => scope !== ADMIN_SCOPE);
    const scopes = narrow(allowed, apiRequested);
    return scopes.length === 0
      ? refuse('invalid_scope', 'none of the requested scopes can be granted')
      : { granted: true, access: { ...base, audience: resource, scopes } };
  }

  return refuse('invalid_target', 'the resource is unknown or not available to this user');
}

/**
 * RFC 6749 §3.3: the requested scopes among those available; none requested means
 * all available (as for client credentials). Order follows `available`, deduplicated.
 */
function narrow(available: readonly string[], requested: readonly string[] | undefined): string[] {
  const unique = [...new Set(available)];
  return requested === undefined || requested.length === 0
    ? unique
    : unique.filter((scope) => requested.includes(scope));
}
