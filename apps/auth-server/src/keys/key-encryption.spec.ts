import { describe, expect, it } from 'vitest';
import { KeyEncryption } from './key-encryption.js';

const SECRET = 'a-keys-encryption-key-of-32-characters';
const PRIVATE_JWK = JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'private-part' });

describe('KeyEncryption (AES-256-GCM under an HKDF-derived key)', () => {
  const encryption = new KeyEncryption(SECRET);

  it('round-trips', () => {
    const blob = encryption.encrypt(PRIVATE_JWK, 'kid-1:ES256');
    expect(encryption.decrypt(blob, 'kid-1:ES256')).toBe(PRIVATE_JWK);
  });

  it('does not show the plaintext and uses a fresh IV each time', () => {
    const first = encryption.encrypt(PRIVATE_JWK, 'kid-1:ES256');
    const second = encryption.encrypt(PRIVATE_JWK, 'kid-1:ES256');
    expect(first).not.toContain('private-part');
    expect(Buffer.from(first.split('.')[2]!, 'base64url').toString('utf8')).not.toContain(
      'private-part',
    );
    expect(first).not.toBe(second);
    expect(first).toMatch(/^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
  });

  it('refuses another key, another row (associated data) and any alteration', () => {
    const blob = encryption.encrypt(PRIVATE_JWK, 'kid-1:ES256');
    expect(() => new KeyEncryption(`${SECRET}-other`).decrypt(blob, 'kid-1:ES256')).toThrow();
    expect(() => encryption.decrypt(blob, 'kid-2:ES256')).toThrow();
    const [format, iv, ciphertext, tag] = blob.split('.');
    const flipped = Buffer.from(ciphertext!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() =>
      encryption.decrypt([format, iv, flipped.toString('base64url'), tag].join('.'), 'kid-1:ES256'),
    ).toThrow();
    expect(() => encryption.decrypt('v2.a.b.c', 'kid-1:ES256')).toThrow(
      'unrecognised encrypted key format',
    );
  });

  it('during a rotation encrypts under the first key and opens under each, saying which', () => {
    const next = `${SECRET}-next-one`;
    const rotating = new KeyEncryption([next, SECRET]);
    const old = encryption.encrypt(PRIVATE_JWK, 'kid-1:ES256');
    expect(rotating.open(old, 'kid-1:ES256')).toEqual({ plaintext: PRIVATE_JWK, keyIndex: 1 });
    const fresh = rotating.encrypt(PRIVATE_JWK, 'kid-1:ES256');
    expect(rotating.open(fresh, 'kid-1:ES256')).toEqual({ plaintext: PRIVATE_JWK, keyIndex: 0 });
    expect(new KeyEncryption(next).decrypt(fresh, 'kid-1:ES256')).toBe(PRIVATE_JWK);
    expect(() => encryption.decrypt(fresh, 'kid-1:ES256')).toThrow(
      'the encrypted key does not decrypt under any configured key',
    );
    // Another row's associated data still refuses, whichever key.
    expect(() => rotating.decrypt(old, 'kid-2:ES256')).toThrow();
  });
});
