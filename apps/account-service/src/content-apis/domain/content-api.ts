export interface ScopeDefinition {
  /** An RFC 6749 §3.3 scope-token. */
  readonly name: string;
  readonly description: string;
}

/** A resource server whose data contracts cover: its audience and its scope catalogue. */
export interface ContentApi {
  readonly id: string;
  readonly name: string;
  /** RFC 8707 resource indicator: the `aud` of tokens for this API, compared exactly. */
  readonly resourceIndicator: string;
  readonly scopes: readonly ScopeDefinition[];
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function registerContentApi(
  id: string,
  details: {
    readonly name: string;
    readonly resourceIndicator: string;
    readonly scopes: readonly ScopeDefinition[];
  },
  now: Date,
): ContentApi {
  return {
    id,
    name: details.name,
    resourceIndicator: details.resourceIndicator,
    scopes: details.scopes.map((scope) => ({ name: scope.name, description: scope.description })),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}
