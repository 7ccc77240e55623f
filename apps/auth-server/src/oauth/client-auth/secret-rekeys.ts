import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A client secret's hash made again under the current CREDENTIALS_HASH_KEY, for one credential. */
export interface SecretRekey {
  readonly credentialId: string;
  /** The hash the account service published (under a previous key): the rekey holds while it does. */
  readonly sourceHash: string;
  /** HMAC-SHA256 of the same secret under the current key. */
  readonly hash: string;
}

/**
 * Client-secret hashes re-keyed on use. Only the authorization server ever sees a client secret
 * in clear (at authentication), so it is the one place a hash made under a previous
 * CREDENTIALS_HASH_KEY can be made again under the current one. The account service's copy
 * (and the projection's) keeps the hash it was given; this store holds, per credential, the
 * re-keyed hash together with the hash it replaces, so a later event (or a projection rebuild)
 * that carries the same old hash still finds its re-keyed twin, and a new secret for the
 * credential id does not.
 */
export abstract class SecretRekeys {
  /** The re-keyed hash of this credential's secret, when the stored one is still `sourceHash`. */
  abstract rekeyedHash(credentialId: string, sourceHash: string): string | undefined;
  /** Keeps a re-keyed hash, on every instance's next start and in this one's memory now. */
  abstract record(rekey: SecretRekey): Promise<void>;
}

/**
 * The rekeys in this instance's memory (loaded at start: no database read per token request)
 * and in `auth.client_secret_rekeys`. Instances that re-key the same credential write the same
 * row (HMAC is deterministic), so concurrent writes agree.
 */
@Injectable()
export class SqlSecretRekeys extends SecretRekeys implements OnModuleInit {
  private readonly logger = new Logger('SecretRekeys');
  private readonly byCredential = new Map<string, SecretRekey>();

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async onModuleInit(): Promise<void> {
    const rows: { credential_id: string; source_hash: string; hash: string }[] =
      await this.dataSource.query(
        `SELECT "credential_id", "source_hash", "hash" FROM "auth"."client_secret_rekeys"`,
      );
    for (const row of rows) {
      this.byCredential.set(row.credential_id, {
        credentialId: row.credential_id,
        sourceHash: row.source_hash,
        hash: row.hash,
      });
    }
  }

  rekeyedHash(credentialId: string, sourceHash: string): string | undefined {
    const rekey = this.byCredential.get(credentialId);
    return rekey?.sourceHash === sourceHash ? rekey.hash : undefined;
  }

  async record(rekey: SecretRekey): Promise<void> {
    this.byCredential.set(rekey.credentialId, rekey);
    await this.dataSource.query(
      `INSERT INTO "auth"."client_secret_rekeys" ("credential_id", "source_hash", "hash", "rekeyed_at")
       VALUES ($1, $2, $3, now())
       ON CONFLICT ("credential_id") DO UPDATE
         SET "source_hash" = EXCLUDED."source_hash", "hash" = EXCLUDED."hash", "rekeyed_at" = now()
         WHERE ("client_secret_rekeys"."source_hash", "client_secret_rekeys"."hash")
           IS DISTINCT FROM (EXCLUDED."source_hash", EXCLUDED."hash")`,
      [rekey.credentialId, rekey.sourceHash, rekey.hash],
    );
    this.logger.log(
      { credentialId: rekey.credentialId },
      'client secret re-keyed under the current CREDENTIALS_HASH_KEY',
    );
  }
}

/** For unit tests: memory only. */
export class InMemorySecretRekeys extends SecretRekeys {
  readonly rows = new Map<string, SecretRekey>();

  rekeyedHash(credentialId: string, sourceHash: string): string | undefined {
    const rekey = this.rows.get(credentialId);
    return rekey?.sourceHash === sourceHash ? rekey.hash : undefined;
  }

  record(rekey: SecretRekey): Promise<void> {
    this.rows.set(rekey.credentialId, rekey);
    return Promise.resolve();
  }
}
