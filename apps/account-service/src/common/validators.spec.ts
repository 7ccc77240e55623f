import { describe, expect, it } from 'vitest';
import { isDateTime, isResourceIndicator, SCOPE_TOKEN } from './validators.js';

describe('validators', () => {
  it.each([
    '2025-01-31T00:00:00Z',
    '2025-01-31T23:59:59.123Z',
    '2025-01-31T10:00:00+02:00',
    '2024-02-29T00:00:00-05:30',
  ])('accepts the date-time %s', (value) => {
    expect(isDateTime(value)).toBe(true);
  });

  it.each([
    '2025-01-31',
    '2025-01-31T00:00:00',
    '2025-02-30T00:00:00Z',
    '2025-13-01T00:00:00Z',
    '2025-01-31 00:00:00Z',
    'yesterday',
    '1738281600',
  ])('refuses the date-time %s', (value) => {
    expect(isDateTime(value)).toBe(false);
  });

  it.each([
    'https://api.example.com',
    'http://localhost:3002',
    'https://api.example.com/v1?tenant=x',
    'urn:charter:content:news',
  ])('accepts the resource indicator %s', (value) => {
    expect(isResourceIndicator(value)).toBe(true);
  });

  it.each([
    '/relative',
    'api.example.com',
    'https://api.example.com/#frag',
    'https://a b.example.com',
    'https://ä.example.com',
    '',
    `https://x.example.com/${'a'.repeat(2048)}`,
  ])('refuses the resource indicator %s', (value) => {
    expect(isResourceIndicator(value)).toBe(false);
  });

  it('follows RFC 6749 scope-token characters', () => {
    expect(SCOPE_TOKEN.test('articles:read')).toBe(true);
    expect(SCOPE_TOKEN.test('a/b.c-d_e!')).toBe(true);
    expect(SCOPE_TOKEN.test('a b')).toBe(false);
    expect(SCOPE_TOKEN.test('a"b')).toBe(false);
    expect(SCOPE_TOKEN.test('a\\b')).toBe(false);
    expect(SCOPE_TOKEN.test('')).toBe(false);
  });
});
