/** One listed instrument's reference data (sample, fixed). */
export interface Instrument {
  /** ISO 6166 identifier. */
  readonly isin: string;
  readonly name: string;
  readonly kind: InstrumentKind;
  /** ISO 4217. */
  readonly currency: string;
  /** ISO 10383 market identifier code of the main listing. */
  readonly mic: string;
  readonly issuer: string;
}

export const INSTRUMENT_KINDS = ['share', 'bond', 'fund'] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];

export const INSTRUMENTS: readonly Instrument[] = [
  {
    isin: 'FI0009000681',
    name: 'Nokia Oyj',
    kind: 'share',
    currency: 'EUR',
    mic: 'XHEL',
    issuer: 'Nokia',
  },
  {
    isin: 'FI0009005987',
    name: 'UPM-Kymmene Oyj',
    kind: 'share',
    currency: 'EUR',
    mic: 'XHEL',
    issuer: 'UPM',
  },
  {
    isin: 'SE0000108656',
    name: 'Ericsson B',
    kind: 'share',
    currency: 'SEK',
    mic: 'XSTO',
    issuer: 'Ericsson',
  },
  {
    isin: 'DE0001102580',
    name: 'Bund 0% 2032',
    kind: 'bond',
    currency: 'EUR',
    mic: 'XETR',
    issuer: 'Germany',
  },
  {
    isin: 'FI4000506654',
    name: 'Finland 1.5% 2032',
    kind: 'bond',
    currency: 'EUR',
    mic: 'XHEL',
    issuer: 'Finland',
  },
  {
    isin: 'IE00B4L5Y983',
    name: 'iShares Core MSCI World',
    kind: 'fund',
    currency: 'USD',
    mic: 'XLON',
    issuer: 'BlackRock',
  },
];
