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
 */
export class KeyEncryption {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, 32));
  }

  encrypt(plaintext: string, associatedData: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      FORMAT,
      iv.toString('base64url'),
      ciphertext.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
    ].join('.');
  }

  /** Throws when the blob was altered, belongs to another row, or was made under another key. */
  decrypt(blob: string, associatedData: string): string {
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
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}
