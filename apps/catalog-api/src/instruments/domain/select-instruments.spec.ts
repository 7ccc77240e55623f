import { describe, expect, it } from 'vitest';
import { findInstrument, selectInstruments } from './select-instruments.js';

describe('selectInstruments', () => {
  it('pages the instruments by ISIN', () => {
    const page = selectInstruments({ limit: 2, offset: 1 });
    expect(page.total).toBe(6);
    expect(page.items.map((instrument) => instrument.isin)).toEqual([
      'FI0009000681',
      'FI0009005987',
    ]);
  });

  it('filters by kind', () => {
    const page = selectInstruments({ limit: 20, offset: 0, kind: 'bond' });
    expect(page.items.map((instrument) => instrument.kind)).toEqual(['bond', 'bond']);
  });

  it('finds an instrument by its exact ISIN only', () => {
    expect(findInstrument('FI0009000681')?.name).toBe('Nokia Oyj');
    expect(findInstrument('fi0009000681')).toBeUndefined();
    expect(findInstrument('FI0009000681 ')).toBeUndefined();
  });
});
