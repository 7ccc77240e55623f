import { describe, expect, it } from 'vitest';
import { formatScope, parseScope } from './scope.js';

describe('parseScope (RFC 6749 §3.3)', () => {
  it('splits on spaces, drops duplicates, keeps order', () => {
    expect(parseScope('b a b')).toEqual(['b', 'a']);
  });

  it('tolerates repeated spaces', () => {
    expect(parseScope(' a  b ')).toEqual(['a', 'b']);
  });

  it.each(['a "b"', 'a\\b', 'a\tb', 'é', '   '])('refuses %j', (value) => {
    expect(parseScope(value)).toBeUndefined();
  });

  it('formats space-delimited', () => {
    expect(formatScope(['a', 'b'])).toBe('a b');
  });
});
