import { describe, expect, it } from 'vitest';
import { PRICES } from './prices.data.js';
import { selectPrices } from './select-prices.js';

describe('selectPrices', () => {
  it('lists quotes by symbol, paged', () => {
    const page = selectPrices(PRICES, { limit: 2, offset: 2 });
    expect(page.items.map((price) => price.symbol)).toEqual(['CHX50', 'EURUSD']);
    expect(page.total).toBe(PRICES.length);
  });

  it('keeps only the asset class asked for', () => {
    const page = selectPrices(PRICES, { limit: 100, offset: 0, assetClass: 'fx' });
    expect(page.items.map((price) => price.symbol)).toEqual(['EURUSD', 'USDJPY']);
    expect(page.total).toBe(2);
  });

  it('holds decimal strings, never floats', () => {
    for (const price of PRICES) {
      expect(price.close).toMatch(/^\d+\.\d+$/);
      expect(price.changePercent).toMatch(/^-?\d+\.\d{2}$/);
    }
  });
});
