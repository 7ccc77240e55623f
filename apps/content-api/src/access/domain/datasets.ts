/**
 * The datasets of this API, which contracts cover by name (the account service's content API
 * should declare the same names): the sample's market topics. An article belongs to each of its
 * topics; a quote to the dataset of its asset class (indices count as equities).
 */
export const DATASETS = [
  { name: 'equities', description: 'Shares and equity indices: news and quotes' },
  { name: 'rates', description: 'Interest rates and bonds: news' },
  { name: 'fx', description: 'Currencies: news and quotes' },
  { name: 'commodities', description: 'Energy, metals and other commodities: news and quotes' },
  { name: 'macro', description: 'The economy and central banks: news' },
] as const;

export type Dataset = (typeof DATASETS)[number]['name'];

/** What a caller may see: every dataset, or the ones its contract names. */
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
