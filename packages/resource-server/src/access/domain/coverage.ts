/**
 * Which of an API's datasets a caller may see. Each API names its own datasets (and the account
 * service's content API declares the same names); a contract covers some of them by name.
 */
export type Coverage =
  { readonly all: true } | { readonly all: false; readonly names: ReadonlySet<string> };

export const ALL_DATASETS: Coverage = { all: true };

/** A contract naming no dataset covers all of the data (the account service's rule too). */
export function coverageOf(contractDatasets: readonly string[] | undefined): Coverage {
  return contractDatasets === undefined || contractDatasets.length === 0
    ? ALL_DATASETS
    : { all: false, names: new Set(contractDatasets) };
}

/** An item belonging to several datasets is covered when any of them is. */
export function covers(coverage: Coverage, datasets: readonly string[]): boolean {
  return coverage.all || datasets.some((name) => coverage.names.has(name));
}
