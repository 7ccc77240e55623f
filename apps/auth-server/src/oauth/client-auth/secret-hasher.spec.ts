import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretHasher } from './secret-hasher.js';

const KEY = 'a-credentials-hash-key-of-at-least-32-chars';
const PREVIOUS = 'the-previous-credentials-hash-key-32-chars';

describe('SecretHasher', () => {
  const hasher = new SecretHasher(KEY);
  const rotating = new SecretHasher([KEY, PREVIOUS]);
  const old = new SecretHasher(PREVIOUS);

  it('hashes as HMAC-SHA256 hex under the shared key (as the account service stores it)', () => {
    expect(hasher.hash('s3cret')).toBe(createHmac('sha256', KEY).update('s3cret').digest('hex'));
    expect(hasher.hash('s3cret')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells which stored hash matched (the credential that authenticated), or null', () => {
    expect(hasher.match('new', [hasher.hash('old'), hasher.hash('new')])).toEqual({
      index: 1,
      keyIndex: 0,
    });
    expect(hasher.match('old', [hasher.hash('old'), hasher.hash('new')])?.index).toBe(0);
    expect(hasher.match('other', [hasher.hash('old'), hasher.hash('new')])).toBeNull();
  });

  it('does not match a wrong secret, a hash under another key, nothing, or a malformed hash', () => {
    expect(hasher.match('wrong', [hasher.hash('right')])).toBeNull();
    expect(hasher.match('right', [new SecretHasher(`${KEY}-other`).hash('right')])).toBeNull();
    expect(hasher.match('right', [])).toBeNull();
    expect(hasher.match('right', ['abc', hasher.hash('right').slice(2)])).toBeNull();
  });

  it('during a rotation hashes under the first key and verifies under every key, saying which', () => {
    expect(rotating.hash('s3cret')).toBe(hasher.hash('s3cret'));
    expect(rotating.match('s3cret', [old.hash('s3cret')])).toEqual({ index: 0, keyIndex: 1 });
    expect(rotating.match('s3cret', [hasher.hash('s3cret')])).toEqual({ index: 0, keyIndex: 0 });
    // The current key wins when both hashes are there (the re-keyed twin and the published one).
    expect(rotating.match('s3cret', [old.hash('s3cret'), hasher.hash('s3cret')])).toEqual({
      index: 1,
      keyIndex: 0,
    });
    expect(rotating.match('wrong', [old.hash('s3cret'), hasher.hash('s3cret')])).toBeNull();
  });

  it('no longer verifies a hash under a key that was removed from the list', () => {
    expect(hasher.match('s3cret', [old.hash('s3cret')])).toBeNull();
  });
});
