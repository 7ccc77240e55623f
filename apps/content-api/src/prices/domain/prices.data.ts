/** An end-of-day quote of the sample provider. */
export interface Price {
  readonly symbol: string;
  readonly name: string;
  readonly assetClass: AssetClass;
  readonly currency: string;
  /** Decimal string, so no precision is lost on the way. */
  readonly close: string;
  readonly changePercent: string;
  readonly asOf: string;
}

export const ASSET_CLASSES = ['equity', 'index', 'fx', 'commodity'] as const;
export type AssetClass = (typeof ASSET_CLASSES)[number];

const AS_OF = '2025-06-13T20:00:00Z';

/** Fixed closing prices of one day, ordered by symbol. */
export const PRICES: readonly Price[] = [
  {
    symbol: 'ACME',
    name: 'Acme Industrial',
    assetClass: 'equity',
    currency: 'USD',
    close: '187.42',
    changePercent: '1.35',
    asOf: AS_OF,
  },
  {
    symbol: 'BRENT',
    name: 'Brent crude, front month',
    assetClass: 'commodity',
    currency: 'USD',
    close: '79.64',
    changePercent: '-0.82',
    asOf: AS_OF,
  },
  {
    symbol: 'CHX50',
    name: 'Charter 50 Index',
    assetClass: 'index',
    currency: 'USD',
    close: '5123.80',
    changePercent: '0.41',
    asOf: AS_OF,
  },
  {
    symbol: 'EURUSD',
    name: 'Euro / US dollar',
    assetClass: 'fx',
    currency: 'USD',
    close: '1.0874',
    changePercent: '0.37',
    asOf: AS_OF,
  },
  {
    symbol: 'GLBX',
    name: 'Globex Semiconductors',
    assetClass: 'equity',
    currency: 'USD',
    close: '64.10',
    changePercent: '-3.12',
    asOf: AS_OF,
  },
  {
    symbol: 'INITECH',
    name: 'Initech Software',
    assetClass: 'equity',
    currency: 'EUR',
    close: '42.55',
    changePercent: '0.00',
    asOf: AS_OF,
  },
  {
    symbol: 'USDJPY',
    name: 'US dollar / Japanese yen',
    assetClass: 'fx',
    currency: 'JPY',
    close: '155.21',
    changePercent: '0.18',
    asOf: AS_OF,
  },
  {
    symbol: 'XAU',
    name: 'Gold spot',
    assetClass: 'commodity',
    currency: 'USD',
    close: '2331.90',
    changePercent: '0.06',
    asOf: AS_OF,
  },
];
