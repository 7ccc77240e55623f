import { Injectable } from '@nestjs/common';
import { type EntityManager, MoreThan } from 'typeorm';
import { SigningKey } from './signing-key.entity.js';

/** An arbitrary constant: the advisory lock under which instances create signing keys, one at a time. */
const KEY_CREATION_LOCK = 727_101;

/** Signing key rows; every method runs in the caller's transaction. */
@Injectable()
export class SigningKeysRepository {
  /** Serialises key creation across instances until the transaction ends. */
  async lockForCreation(em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [KEY_CREATION_LOCK]);
  }

  findUnexpired(em: EntityManager, now: Date): Promise<SigningKey[]> {
    return em
      .getRepository(SigningKey)
      .find({ where: { expiresAt: MoreThan(now) }, order: { notBefore: 'ASC' } });
  }

  /** Every stored key, expired ones included (they still hold an encrypted private half). */
  findAll(em: EntityManager): Promise<SigningKey[]> {
    return em.getRepository(SigningKey).find({ order: { notBefore: 'ASC' } });
  }

  /** Replaces a key's encrypted private half (re-wrapped under the current encryption key). */
  async updateEncryptedKey(
    em: EntityManager,
    kid: string,
    privateJwkEncrypted: string,
  ): Promise<void> {
    await em.getRepository(SigningKey).update({ kid }, { privateJwkEncrypted });
  }

  async insert(em: EntityManager, key: SigningKey): Promise<void> {
    await em.getRepository(SigningKey).insert(key);
  }

  /** Ends a key's signing and publication windows earlier (rotation by command). */
  async updateWindow(
    em: EntityManager,
    kid: string,
    window: { activeUntil: Date; expiresAt: Date },
  ): Promise<void> {
    await em.getRepository(SigningKey).update({ kid }, window);
  }
}
