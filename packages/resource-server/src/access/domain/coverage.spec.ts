import { describe, expect, it } from 'vitest';
import { coverageOf, covers } from './coverage.js';

describe('dataset coverage', () => {
  it('covers everything when the contract names no dataset', () => {
    expect(covers(coverageOf([]), ['fx'])).toBe(true);
    expect(covers(coverageOf(undefined), ['rates'])).toBe(true);
  });

  it('covers an item when any of its datasets is named', () => {
    const coverage = coverageOf(['fx', 'equities']);
    expect(covers(coverage, ['fx', 'macro'])).toBe(true);
    expect(covers(coverage, ['rates', 'macro'])).toBe(false);
    expect(covers(coverage, [])).toBe(false);
  });
});
