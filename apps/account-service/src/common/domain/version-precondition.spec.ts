import { describe, expect, it } from 'vitest';
import {
  assertPrecondition,
  entityTag,
  ifNoneMatchHits,
  parseIfMatch,
  PreconditionFailed,
} from './version-precondition.js';

describe('If-Match preconditions', () => {
  it('tags a version strongly', () => {
    expect(entityTag(3)).toBe('"3"');
  });

  it.each([
    [undefined, { kind: 'none' }],
    ['*', { kind: 'any' }],
    [' * ', { kind: 'any' }],
    ['"3"', { kind: 'versions', versions: [3] }],
    ['"3", "4"', { kind: 'versions', versions: [3, 4] }],
    ['W/"3"', { kind: 'versions', versions: [] }],
    ['"abc", "5"', { kind: 'versions', versions: [5] }],
    ['3', { kind: 'versions', versions: [] }],
    ['"03"', { kind: 'versions', versions: [] }],
    ['"12"', { kind: 'versions', versions: [12] }],
    ['"3a"', { kind: 'versions', versions: [] }],
    ['"1234567890"', { kind: 'versions', versions: [1234567890] }],
    // Eleven digits is no version of ours (a prefix of it must not match version 1234567890).
    ['"12345678901"', { kind: 'versions', versions: [] }],
    ['', { kind: 'versions', versions: [] }],
  ])('reads %j', (value, expected) => {
    expect(parseIfMatch(value)).toEqual(expected);
  });

  it('passes without a header, with *, or with the current version', () => {
    expect(() => assertPrecondition(parseIfMatch(undefined), 3)).not.toThrow();
    expect(() => assertPrecondition(parseIfMatch('*'), 3)).not.toThrow();
    expect(() => assertPrecondition(parseIfMatch('"2", "3"'), 3)).not.toThrow();
  });

  it('fails on another version, a weak tag or garbage', () => {
    for (const value of ['"2"', 'W/"3"', 'nonsense']) {
      expect(() => assertPrecondition(parseIfMatch(value), 3)).toThrow(PreconditionFailed);
    }
  });
});

describe('If-None-Match on reads', () => {
  it('hits on the current tag, weakly compared, in a list, or on *', () => {
    for (const value of ['"3"', 'W/"3"', '"1", "3"', '*', ' * ']) {
      expect(ifNoneMatchHits(value, 3)).toBe(true);
    }
  });

  it('misses without the header, on another version and on a value that is no tag', () => {
    for (const value of [undefined, '"2"', '3', 'nonsense', '']) {
      expect(ifNoneMatchHits(value, 3)).toBe(false);
    }
  });
});
