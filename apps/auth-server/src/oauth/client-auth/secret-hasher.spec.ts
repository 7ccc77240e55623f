import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretHasher } from './secret-hasher.js';

const KEY = 'a-credentials-hash-key-of-at-least-32-chars';

describe('SecretHasher', () => {
  const hasher = new SecretHasher(KEY);

  it('hashes as HMAC-SHA256 hex under the shared key (as the account service stores it)', () => {
    expect(hasher.hash('s3cret')).toBe(createHmac('sha256', KEY).update('s3cret').digest('hex'));
    expect(hasher.hash('s3cret')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells which stored hash matched (the credential that authenticated), or -1', () => {
    expect(hasher.indexOfMatch('new', [hasher.hash('old'), hasher.hash('new')])).toBe(1);
    expect(hasher.indexOfMatch('old', [hasher.hash('old'), hasher.hash('new')])).toBe(0);
    expect(hasher.indexOfMatch('other', [hasher.hash('old'), hasher.hash('new')])).toBe(-1);
  });

  it('does not match a wrong secret, a hash under another key, nothing, or a malformed hash', () => {
    expect(hasher.indexOfMatch('wrong', [hasher.hash('right')])).toBe(-1);
    expect(hasher.indexOfMatch('right', [new SecretHasher(`${KEY}-other`).hash('right')])).toBe(-1);
    expect(hasher.indexOfMatch('right', [])).toBe(-1);
    expect(hasher.indexOfMatch('right', ['abc', hasher.hash('right').slice(2)])).toBe(-1);
  });
});
