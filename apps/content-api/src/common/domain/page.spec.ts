import { describe, expect, it } from 'vitest';
import { pageOf } from './page.js';

describe('pageOf', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];

  it('takes at most limit items from offset and counts them all', () => {
    expect(pageOf(items, { limit: 2, offset: 1 })).toEqual({
      items: ['b', 'c'],
      total: 5,
      limit: 2,
      offset: 1,
    });
  });

  it('gives a short last page and an empty page past the end', () => {
    expect(pageOf(items, { limit: 3, offset: 3 }).items).toEqual(['d', 'e']);
    expect(pageOf(items, { limit: 3, offset: 9 })).toEqual({
      items: [],
      total: 5,
      limit: 3,
      offset: 9,
    });
  });
});
