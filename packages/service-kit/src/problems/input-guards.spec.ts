import { describe, expect, it } from 'vitest';
import {
  MAX_BODY_DEPTH,
  nestsDeeperThan,
  unstorableString,
  unstorableStrings,
} from './input-guards.js';

const nested = (depth: number): unknown =>
  JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

describe('nestsDeeperThan', () => {
  it('accepts a body exactly at the limit and refuses one level more', () => {
    expect(nestsDeeperThan(nested(MAX_BODY_DEPTH), MAX_BODY_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_BODY_DEPTH + 1), MAX_BODY_DEPTH)).toBe(true);
  });

  it('counts arrays as levels too', () => {
    expect(nestsDeeperThan([[[1]]], 2)).toBe(true);
    expect(nestsDeeperThan([[1]], 2)).toBe(false);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(nestsDeeperThan(nested(100_000), MAX_BODY_DEPTH)).toBe(true);
  });

  it('treats scalars as depth 0', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan(null, 0)).toBe(false);
  });
});

describe('unstorableString', () => {
  it('refuses NUL', () => {
    expect(unstorableString('a\u0000b')).toMatch(/NUL/);
  });

  it('refuses a lone high surrogate, a lone low surrogate and a reversed pair', () => {
    expect(unstorableString('a\ud800b')).toMatch(/surrogate/);
    expect(unstorableString('a\udc00')).toMatch(/surrogate/);
    expect(unstorableString('\udc00\ud800')).toMatch(/surrogate/);
  });

  it('accepts a well-formed pair and ordinary text', () => {
    expect(unstorableString('emoji 😀')).toBeNull();
    expect(unstorableString('Åbo Akademi')).toBeNull();
  });
});

describe('unstorableStrings', () => {
  it('points at each bad string, in arrays and member names too', () => {
    expect(
      unstorableStrings({ name: 'ok', tags: ['x', 'y\u0000'], meta: { 'k/\ud800': 'v' } }),
    ).toEqual([
      { pointer: '/tags/1', detail: 'must not contain NUL characters' },
      {
        pointer: '/meta/k~1\ud800',
        detail: 'member name must not contain a lone UTF-16 surrogate',
      },
    ]);
  });

  it('finds nothing in a clean value', () => {
    expect(unstorableStrings({ a: ['b', { c: 'd' }], e: 1, f: null })).toEqual([]);
  });
});
