import type { FieldError } from '@charter/service-kit';

/**
 * What only the account service may be: its own audience (its resource indicator, AUTH_AUDIENCE)
 * and every `accounts:*` scope. A content API registered with that audience, or a contract
 * naming such a scope, would have the authorization server mint tokens the account service
 * takes for its own (an enterprise's machine client acting as a platform admin). ARCHITECTURE:
 * "the account service's audience and `accounts:*` scopes are reserved".
 */
const RESERVED_SCOPE_PREFIX = 'accounts:';

/** `accounts:admin`, `accounts:self`, any other `accounts:…`, in any letter case. */
export function isReservedScope(name: string): boolean {
  return name.toLowerCase().startsWith(RESERVED_SCOPE_PREFIX);
}

/**
 * True when `resourceIndicator` names the account service: equal to its audience once both
 * are normalised as URLs (RFC 3986 §6.2.2: case of scheme and host, default port, empty path),
 * so a spelling variant of it is refused too.
 */
export function isAccountServiceAudience(
  resourceIndicator: string,
  accountServiceAudience: string,
): boolean {
  return normalised(resourceIndicator) === normalised(accountServiceAudience);
}

function normalised(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/** Where a content API's definition takes what the account service reserves; empty: nothing. */
export function reservedInContentApi(
  api: {
    readonly resourceIndicator: string;
    readonly scopes: ReadonlyArray<{ readonly name: string }>;
  },
  accountServiceAudience: string,
): FieldError[] {
  return [
    ...(isAccountServiceAudience(api.resourceIndicator, accountServiceAudience)
      ? [{ pointer: '/resourceIndicator', detail: "is the account service's own audience" }]
      : []),
    ...api.scopes.flatMap((scope, index) =>
      isReservedScope(scope.name)
        ? [
            {
              pointer: `/scopes/${index}/name`,
              detail: 'accounts:* scopes are reserved for the account service',
            },
          ]
        : [],
    ),
  ];
}

/**
 * Where a contract's terms take what the account service reserves: a scope, or a content API
 * whose audience is the account service's (old data; registration refuses it now).
 */
export function reservedInContract(
  scopes: readonly string[],
  contentApi: { readonly resourceIndicator: string },
  accountServiceAudience: string,
): FieldError[] {
  return [
    ...(isAccountServiceAudience(contentApi.resourceIndicator, accountServiceAudience)
      ? [
          {
            pointer: '/contentApiId',
            detail: "is registered with the account service's own audience",
          },
        ]
      : []),
    ...scopes.flatMap((name, index) =>
      isReservedScope(name)
        ? [
            {
              pointer: `/scopes/${index}`,
              detail: 'accounts:* scopes are reserved for the account service',
            },
          ]
        : [],
    ),
  ];
}
