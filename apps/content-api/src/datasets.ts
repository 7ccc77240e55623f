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
