/** A market news article, as the sample provider publishes it. */
export interface Article {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly topics: readonly ArticleTopic[];
  readonly publishedAt: string;
}

export const ARTICLE_TOPICS = ['equities', 'rates', 'fx', 'commodities', 'macro'] as const;
export type ArticleTopic = (typeof ARTICLE_TOPICS)[number];

/** The sample newsroom: fixed, so every run and every test sees the same data. Newest first. */
export const ARTICLES: readonly Article[] = [
  {
    id: 'art-0008',
    title: 'Central bank holds rates, signals patience',
    summary:
      'The policy rate stays at 3.25%; the statement drops the reference to further tightening.',
    topics: ['rates', 'macro'],
    publishedAt: '2025-06-12T14:05:00Z',
  },
  {
    id: 'art-0007',
    title: 'Brent slips below $80 on inventory build',
    summary: 'Crude stocks rose for a third week, weighing on front-month futures.',
    topics: ['commodities'],
    publishedAt: '2025-06-11T16:30:00Z',
  },
  {
    id: 'art-0006',
    title: 'Acme Industrial beats on margins, raises guidance',
    summary: 'Operating margin widened 120 bp year on year; full-year revenue guidance lifted 3%.',
    topics: ['equities'],
    publishedAt: '2025-06-10T07:00:00Z',
  },
  {
    id: 'art-0005',
    title: 'Euro firms after stronger PMI readings',
    summary: 'EUR/USD gained 0.4% as services activity surprised to the upside.',
    topics: ['fx', 'macro'],
    publishedAt: '2025-06-09T09:15:00Z',
  },
  {
    id: 'art-0004',
    title: 'Two-year yields fall to three-month low',
    summary: 'Softer wage data pushed short-dated yields lower across the curve.',
    topics: ['rates'],
    publishedAt: '2025-06-06T13:45:00Z',
  },
  {
    id: 'art-0003',
    title: 'Globex shares drop on supply-chain warning',
    summary: 'The chipmaker flagged component shortages for the second half.',
    topics: ['equities'],
    publishedAt: '2025-06-05T11:20:00Z',
  },
  {
    id: 'art-0002',
    title: 'Gold steadies near record as real yields ease',
    summary: 'Bullion held above $2,300 an ounce with central-bank buying still strong.',
    topics: ['commodities', 'macro'],
    publishedAt: '2025-06-04T08:10:00Z',
  },
  {
    id: 'art-0001',
    title: 'Yen weakens past 155 per dollar',
    summary: 'The currency slid to its weakest level since April ahead of policy meetings.',
    topics: ['fx'],
    publishedAt: '2025-06-03T06:40:00Z',
  },
];
