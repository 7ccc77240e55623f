/** An issuer's long-term credit rating (sample, fixed). */
export interface Rating {
  readonly issuer: string;
  /** S&P-style scale, AAA to D. */
  readonly rating: string;
  readonly outlook: 'positive' | 'stable' | 'negative';
  /** ISO 8601 date of the last action. */
  readonly ratedOn: string;
}

export const RATINGS: readonly Rating[] = [
  { issuer: 'Ericsson', rating: 'BBB-', outlook: 'stable', ratedOn: '2025-03-14' },
  { issuer: 'Finland', rating: 'AA+', outlook: 'negative', ratedOn: '2025-05-30' },
  { issuer: 'Germany', rating: 'AAA', outlook: 'stable', ratedOn: '2025-04-11' },
  { issuer: 'Nokia', rating: 'BBB', outlook: 'stable', ratedOn: '2025-02-21' },
  { issuer: 'UPM', rating: 'BBB+', outlook: 'positive', ratedOn: '2025-06-06' },
];
