import { describe, expect, it } from 'vitest';
import { EventNamespace } from './namespace.js';

describe('EventNamespace', () => {
  it('leaves names alone without a prefix', () => {
    const namespace = new EventNamespace('');
    expect(namespace.subject('accounts.contract.created')).toBe('accounts.contract.created');
    expect(namespace.stream('ACCOUNTS')).toBe('ACCOUNTS');
  });

  it('prefixes subjects and streams, and strips the prefix again', () => {
    const namespace = new EventNamespace('t1a2b');
    expect(namespace.subject('accounts.contract.created')).toBe('t1a2b.accounts.contract.created');
    expect(namespace.unprefixed('t1a2b.accounts.contract.created')).toBe(
      'accounts.contract.created',
    );
    expect(namespace.stream('ACCOUNTS')).toBe('t1a2b_ACCOUNTS');
  });

  it('refuses a prefix that would break subjects or stream names', () => {
    expect(() => new EventNamespace('a.b')).toThrow();
    expect(() => new EventNamespace('a b')).toThrow();
    expect(() => new EventNamespace('a>')).toThrow();
  });
});
