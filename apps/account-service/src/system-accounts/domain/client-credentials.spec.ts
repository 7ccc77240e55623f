import { describe, expect, it } from 'vitest';
import { generateClientId, generateClientSecret, hashClientSecret } from './client-credentials.js';

describe('client credentials', () => {
  it('makes client ids of sa_ and 128 random bits (base64url)', () => {
    const id = generateClientId();
    expect(id).toMatch(/^sa_[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(id.slice(3), 'base64url')).toHaveLength(16);
  });

  it('makes secrets of cs_ and 256 random bits (base64url)', () => {
    const secret = generateClientSecret();
    expect(secret).toMatch(/^cs_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(3), 'base64url')).toHaveLength(32);
  });

  it('never repeats itself', () => {
    const secrets = new Set(Array.from({ length: 1000 }, () => generateClientSecret()));
    const ids = new Set(Array.from({ length: 1000 }, () => generateClientId()));
    expect(secrets.size).toBe(1000);
    expect(ids.size).toBe(1000);
  });

  it('hashes with HMAC-SHA256 under the key, as lowercase hex', () => {
    // RFC 4231 test case 2.
    expect(hashClientSecret('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('depends on the key and the whole secret', () => {
    const key = 'k'.repeat(32);
    const secret = generateClientSecret();
    const hash = hashClientSecret(key, secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashClientSecret(key, secret)).toBe(hash);
    expect(hashClientSecret('j'.repeat(32), secret)).not.toBe(hash);
    expect(hashClientSecret(key, secret.slice(3))).not.toBe(hash);
  });
});
