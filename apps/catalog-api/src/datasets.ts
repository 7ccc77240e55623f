/**
 * The datasets of this API, which contracts cover by name (declare the same names on the
 * account service's content API): instrument reference data and credit ratings.
 */
export const DATASETS = [
  { name: 'instruments', description: 'Instrument reference data: identifiers, issuers, listings' },
  { name: 'ratings', description: 'Credit ratings of issuers' },
] as const;

export type Dataset = (typeof DATASETS)[number]['name'];
