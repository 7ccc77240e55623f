import { describe, expect, it } from 'vitest';
import { chooseLocale } from './locale.js';

describe('chooseLocale', () => {
  it('takes the first supported ui_locales tag, before Accept-Language', () => {
    expect(chooseLocale('fr-CA de en', 'en')).toBe('de');
    expect(chooseLocale('en', 'de')).toBe('en');
  });

  it('falls back to Accept-Language by q-value, then to English', () => {
    expect(chooseLocale(undefined, 'fr;q=0.9, de-AT;q=0.8, en;q=0.5')).toBe('de');
    expect(chooseLocale('fi', 'en;q=0.2, de;q=0.7')).toBe('de');
    expect(chooseLocale(undefined, 'de;q=0, en;q=0.1')).toBe('en');
    expect(chooseLocale(undefined, 'fr, *')).toBe('en');
    expect(chooseLocale(undefined, undefined)).toBe('en');
  });

  it('is not thrown off by garbage', () => {
    expect(chooseLocale('\u0000 ;;', ';q=abc,,,de;q=2')).toBe('en');
    expect(chooseLocale(undefined, 'x'.repeat(10_000))).toBe('en');
  });
});
