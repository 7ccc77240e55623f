import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const FORMAT = 'v1';
const IV_BYTES = 12; // NIST SP 800-38D: 96-bit IVs for GCM
const TAG_BYTES = 16;
// Fixed HKDF salt and info (RFC 5869 §3.1/§3.2): they separate this use of KEYS_ENCRYPTION_KEY from any other.
const HKDF_SALT = 'charter/auth-server/keys';
const HKDF_INFO = 'signing-key-encryption/aes-256-gcm/v1';

/**
 * Encrypts signing private keys at rest with AES-256-GCM. The AES key is derived
 * from KEYS_ENCRYPTION_KEY with HKDF-SHA256; `associatedData` (the key id) binds a
 * ciphertext to its row, so a ciphertext copied onto another row does not decrypt.
 * Stored as `v1.<iv>.<ciphertext>.<tag>` (base64url).
 *
 * The secrets are a list: the first (current) encrypts, every one decrypts, so
 * KEYS_ENCRYPTION_KEY rotates with an overlap: start with the new key first and the old one
 * after it, run `keys:rewrap`, then drop the old one (docs/operations.md).
 */
export class KeyEncryption {
  private readonly keys: readonly Buffer[];

  constructor(secrets: string | readonly string[]) {
    const list = typeof secrets === 'string' ? [secrets] : secrets;
    if (list.length === 0) {
      throw new Error('KeyEncryption needs at least one key');
    }
    this.keys = list.map((secret) =>
      Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, 32)),
    );
  }

  encrypt(plaintext: string, associatedData: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current(), iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      FORMAT,
      iv.toString('base64url'),
      ciphertext.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
    ].join('.');
  }

  /** Throws when the blob was altered, belongs to another row, or was made under none of the keys. */
  decrypt(blob: string, associatedData: string): string {
    return this.open(blob, associatedData).plaintext;
  }

  /**
   * The plaintext and which key opened it (0: the current one). The format carries no key id,
   * so each key is tried in turn: GCM's tag refuses every key but the right one.
   */
  open(blob: string, associatedData: string): { plaintext: string; keyIndex: number } {
    const [format, iv, ciphertext, tag, ...rest] = blob.split('.');
    if (
      format !== FORMAT ||
      iv === undefined ||
      ciphertext === undefined ||
      tag === undefined ||
      rest.length > 0
    ) {
      throw new Error('unrecognised encrypted key format');
    }
    for (const [keyIndex, key] of this.keys.entries()) {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        const plaintext = Buffer.concat([
          decipher.update(Buffer.from(ciphertext, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
        return { plaintext, keyIndex };
      } catch {
        // Not this key (or altered): try the next one.
      }
    }
    throw new Error('the encrypted key does not decrypt under any configured key');
  }

  private current(): Buffer {
    const [key] = this.keys;
    if (key === undefined) {
      throw new Error('KeyEncryption needs at least one key');
    }
    return key;
  }
}
