import { DatasetInUse } from '../content-api.errors.js';

export interface ScopeDefinition {
  /** An RFC 6749 §3.3 scope-token. */
  readonly name: string;
  readonly description: string;
}

/** A named part of a content API's data that a contract can cover (`equities`, `fx`, ...). */
export interface DatasetDefinition {
  readonly name: string;
  readonly description: string;
}

/** A resource server whose data contracts cover: its audience, its scope catalogue and its datasets. */
export interface ContentApi {
  readonly id: string;
  readonly name: string;
  /** RFC 8707 resource indicator: the `aud` of tokens for this API, compared exactly. */
  readonly resourceIndicator: string;
  readonly scopes: readonly ScopeDefinition[];
  /** What a contract can cover; a contract naming none covers them all. */
  readonly datasets: readonly DatasetDefinition[];
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
    readonly datasets?: readonly DatasetDefinition[];
  },
  now: Date,
): ContentApi {
  return {
    id,
    name: details.name,
    resourceIndicator: details.resourceIndicator,
    scopes: details.scopes.map((scope) => ({ name: scope.name, description: scope.description })),
    datasets: copyDatasets(details.datasets ?? []),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/** A PATCH: each member present replaces the current value (`datasets` the whole list). */
export interface ContentApiChanges {
  readonly name?: string;
  readonly datasets?: readonly DatasetDefinition[];
}

/**
 * Applies a PATCH. Returns null when nothing would change (no version, no event).
 * A dataset that a live contract (not deleted, not terminated) still covers cannot be
 * removed: `coveredByLiveContracts` names those. Throws DatasetInUse.
 */
export function updateContentApi(
  api: ContentApi,
  changes: ContentApiChanges,
  coveredByLiveContracts: ReadonlySet<string>,
  now: Date,
): ContentApi | null {
  const next: ContentApi = {
    ...api,
    name: changes.name ?? api.name,
    datasets: changes.datasets === undefined ? api.datasets : copyDatasets(changes.datasets),
  };
  if (next.name === api.name && JSON.stringify(next.datasets) === JSON.stringify(api.datasets)) {
    return null;
  }
  const kept = new Set(next.datasets.map((dataset) => dataset.name));
  const removedInUse = api.datasets
    .map((dataset) => dataset.name)
    .filter((name) => !kept.has(name) && coveredByLiveContracts.has(name));
  if (removedInUse.length > 0) {
    throw new DatasetInUse(removedInUse);
  }
  return { ...next, version: api.version + 1, updatedAt: now };
}

function copyDatasets(datasets: readonly DatasetDefinition[]): DatasetDefinition[] {
  return datasets.map((dataset) => ({ name: dataset.name, description: dataset.description }));
}
