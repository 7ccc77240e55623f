/**
 * Which scopes exist (RFC 6749 §3.3: "The authorization server MAY fully or partially ignore
 * the scope requested", but §5.2 names `invalid_scope` for a scope that is "invalid, unknown,
 * or malformed"). A scope no target of the request defines is unknown: most often a typo,
 * which is reported rather than silently dropped. A scope a target defines but the client's
 * contract (or consent) does not cover may still be narrowed away: the response's `scope`
 * says what was granted. Pure rules.
 */
import { ACCOUNT_SELF_SCOPE, ADMIN_SCOPE, IDENTITY_SCOPES } from './user-access-selection.js';

/** The account service's own scopes (its audience is ACCOUNT_SERVICE_AUDIENCE). */
export const ACCOUNT_SERVICE_SCOPES: readonly string[] = [ACCOUNT_SELF_SCOPE, ADMIN_SCOPE];

/** A content API's scope catalogue, as projected. */
export interface ScopeCatalogueEntry {
  readonly resourceIndicator: string;
  readonly scopes: ReadonlyArray<{ readonly name: string }>;
}

export interface KnownScopesInput {
  /** Every content API's catalogue. */
  readonly catalogues: readonly ScopeCatalogueEntry[];
  readonly accountServiceAudience: string;
  /** The client's platform access: its audience defines the scopes it lists. */
  readonly platformAccess: { readonly audience: string; readonly scopes: readonly string[] } | null;
  /** The request's targets (RFC 8707 resource / RFC 8693 audience); empty when none was named. */
  readonly resources: readonly string[];
}

/**
 * The scopes the request's targets define, plus the OpenID Connect scopes (always known);
 * with no target named, every scope any target defines. Null when a named target defines
 * nothing we know of: that is an unknown target (`invalid_target`), judged by the grant.
 */
export function knownScopes(input: KnownScopesInput): ReadonlySet<string> | null {
  const known = new Set<string>(IDENTITY_SCOPES);
  const targets =
    input.resources.length > 0
      ? input.resources
      : [
          ...input.catalogues.map((api) => api.resourceIndicator),
          input.accountServiceAudience,
          ...(input.platformAccess === null ? [] : [input.platformAccess.audience]),
        ];
  for (const target of targets) {
    const defined = scopesDefinedBy(target, input);
    if (defined === null) {
      return null;
    }
    defined.forEach((scope) => known.add(scope));
  }
  return known;
}

/** The requested scopes that are not known, in request order; empty when all are. */
export function unknownScopes(
  requested: readonly string[] | undefined,
  known: ReadonlySet<string> | null,
): string[] {
  if (requested === undefined || known === null) {
    return [];
  }
  return requested.filter((scope) => !known.has(scope));
}

/**
 * The catalogues' scope names by resource indicator. Memoised by the array: the projection hands
 * out the same array until a content API changes, so the token path indexes it once, not per
 * request (and not once per target when no resource is named).
 */
const indexes = new WeakMap<
  readonly ScopeCatalogueEntry[],
  ReadonlyMap<string, readonly string[]>
>();

function indexOf(
  catalogues: readonly ScopeCatalogueEntry[],
): ReadonlyMap<string, readonly string[]> {
  let index = indexes.get(catalogues);
  if (index === undefined) {
    const built = new Map<string, string[]>();
    for (const api of catalogues) {
      const names = built.get(api.resourceIndicator) ?? [];
      names.push(...api.scopes.map((scope) => scope.name));
      built.set(api.resourceIndicator, names);
    }
    index = built;
    indexes.set(catalogues, index);
  }
  return index;
}

function scopesDefinedBy(target: string, input: KnownScopesInput): readonly string[] | null {
  const apiScopes = indexOf(input.catalogues).get(target);
  const isAccountService = target === input.accountServiceAudience;
  const platform = input.platformAccess?.audience === target ? input.platformAccess : null;
  if (apiScopes === undefined && !isAccountService && platform === null) {
    return null;
  }
  if (!isAccountService && platform === null) {
    return apiScopes ?? [];
  }
  return [
    ...(apiScopes ?? []),
    ...(isAccountService ? ACCOUNT_SERVICE_SCOPES : []),
    ...(platform === null ? [] : platform.scopes),
  ];
}
