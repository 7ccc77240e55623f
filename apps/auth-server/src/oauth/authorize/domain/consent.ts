import { TOKEN_EXCHANGE_GRANT } from '@charter/events';
import {
  IDENTITY_SCOPES,
  selectUserAccess,
  type UserAccessRefusalCode,
  type UserAccessRequest,
  type UserGrantedAccess,
} from '../../token/domain/user-access-selection.js';

/**
 * What a user is asked to agree to, and what is stored once they do: per target, the
 * scopes. The target `OWN_TARGET` is the client itself (its own backend: the identity
 * scopes); every other target is an API's resource indicator (RFC 8707 §2) with the
 * scopes the client may use there on the user's behalf, directly or by token exchange
 * (RFC 8693). Pure rules; the caller passes the projection's data in.
 */
export const OWN_TARGET = '';

/**
 * A client registered for token exchange is a portal, a resource server for its own users'
 * tokens (ARCHITECTURE.md, "A portal with two roles"): its code yields a token for itself,
 * and the resources it names are the APIs it may reach for the user by exchange.
 */
export function isDelegatingClient(client: { readonly grantTypes: readonly string[] }): boolean {
  return client.grantTypes.includes(TOKEN_EXCHANGE_GRANT);
}

export interface ConsentItem {
  /** `OWN_TARGET`, or an API's resource indicator. */
  readonly resource: string;
  readonly scopes: readonly string[];
}

/** What an authorization request asks for: what the consent must cover, and what the code carries. */
export interface RequestedConsent {
  /** One item per target, the client itself first. */
  readonly items: readonly ConsentItem[];
  /** The code's access: the audience its token is for (null: the client itself) and the scopes. */
  readonly code: { readonly resource: string | null; readonly scopes: readonly string[] };
}

export type RequestedConsentDecision =
  | { readonly granted: true; readonly consent: RequestedConsent }
  | {
      readonly granted: false;
      readonly error: UserAccessRefusalCode;
      readonly description: string;
    };

export interface ConsentRequestInput {
  /** The user, client, contracts and time: everything `selectUserAccess` needs but the target. */
  readonly access: Omit<UserAccessRequest, 'resource' | 'requestedScopes'>;
  /** RFC 8707 §2 `resource` values of the authorization request, already checked to be absolute URIs. */
  readonly resources: readonly string[];
  /** RFC 6749 §3.3 scope of the authorization request, parsed. */
  readonly scopes: readonly string[];
  /** `isDelegatingClient(client)`. */
  readonly delegating: boolean;
}

/**
 * Decides what one authorization request asks the user to agree to. Each named resource
 * goes through the same rules as a token for it (`selectUserAccess`: contract in force,
 * platform access, the account service for enterprise users with `accounts:self` only),
 * so a user is never asked for, and a consent never records, more than could be issued.
 */
export function requestedConsent(input: ConsentRequestInput): RequestedConsentDecision {
  const { access, resources, scopes } = input;
  const requested = scopes.length === 0 ? {} : { requestedScopes: scopes };
  if (!input.delegating) {
    // RFC 8707 §2: the code's token has one audience, so one resource.
    if (resources.length > 1) {
      return refuse('invalid_target', 'only one resource per request is supported');
    }
    const resource = resources[0];
    const decision = selectUserAccess({
      ...access,
      ...(resource === undefined ? {} : { resource }),
      ...requested,
    });
    if (!decision.granted) {
      return decision;
    }
    return {
      granted: true,
      consent: {
        items: [{ resource: resource ?? OWN_TARGET, scopes: grantedScopes(decision.access) }],
        code: { resource: resource ?? null, scopes },
      },
    };
  }
  // A portal's own token carries the identity scopes; without any resource the request is
  // judged exactly as any client's.
  const identity = scopes.filter((scope) => IDENTITY_SCOPES.includes(scope));
  const ownScopes = resources.length === 0 ? scopes : identity;
  const own = selectUserAccess({
    ...access,
    ...(ownScopes.length === 0 ? {} : { requestedScopes: ownScopes }),
  });
  if (!own.granted) {
    return own;
  }
  const items: ConsentItem[] = [{ resource: OWN_TARGET, scopes: own.access.identityScopes }];
  for (const resource of resources) {
    const downstream = selectUserAccess({ ...access, resource, ...requested });
    if (!downstream.granted) {
      return downstream;
    }
    items.push({ resource, scopes: downstream.access.scopes });
  }
  return {
    granted: true,
    consent: { items, code: { resource: null, scopes: own.access.identityScopes } },
  };
}

/** True when, for every target asked, its scopes are among those stored for that target. */
export function consentCovers(
  stored: ReadonlyMap<string, readonly string[]>,
  asked: readonly ConsentItem[],
): boolean {
  return asked.every((item) => {
    const consented = stored.get(item.resource) ?? [];
    return item.scopes.every((scope) => consented.includes(scope));
  });
}

/** Everything a request for one audience asked for, identity scopes first: what its consent covers. */
function grantedScopes(access: UserGrantedAccess): string[] {
  return [...new Set([...access.identityScopes, ...access.scopes])];
}

function refuse(error: UserAccessRefusalCode, description: string): RequestedConsentDecision {
  return { granted: false, error, description };
}
