import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { Argon2PasswordVerifier } from './password-verifier.js';

describe('Argon2PasswordVerifier', () => {
  const verifier = new Argon2PasswordVerifier();

  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hash('correct horse battery staple');
    expect(await verifier.verify(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifier.verify(stored, 'wrong')).toBe(false);
  });

  it('refuses when there is no hash (unknown user), whatever the password', async () => {
    expect(await verifier.verify(null, 'charter-dummy-password-never-matches')).toBe(false);
    expect(await verifier.verify(null, '')).toBe(false);
  });

  it('refuses a malformed stored hash instead of throwing', async () => {
    expect(await verifier.verify('$argon2id$garbage', 'x')).toBe(false);
  });
});
