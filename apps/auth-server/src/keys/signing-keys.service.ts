import { constants, KeyObject, sign, type SignKeyObjectInput } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Clock, Metrics, TransactionRunner } from '@charter/service-kit';
import { type CryptoKey, importJWK, type JWK, type JWTPayload } from 'jose';
import { AuthServerConfig, type SigningAlgorithm } from '../config/auth-server.config.js';
import {
  type KeyPolicy,
  keysToCreate,
  type KeyWindow,
  publishedKeysAt,
  signingKeyAt,
  successorLeadSeconds,
} from './domain/key-schedule.js';
import { KeyEncryption } from './key-encryption.js';
import type { PublicJwkMembers, SigningKey } from './signing-key.entity.js';
import { associatedData, generateSigningKey, publicMembers } from './signing-key-generator.js';
import { isSigningAlgorithm, signingKeyPolicies } from './signing-key-policies.js';
import { SigningKeysRepository } from './signing-keys.repository.js';
import { TokenSigner } from './token-signer.js';

interface LoadedKey extends KeyWindow {
  readonly kid: string;
  readonly publicJwk: PublicJwkMembers;
  /** Present while the key may still sign. */
  readonly privateKey?: CryptoKey;
}

/** A public key as the JWKS serves it (RFC 7517 §4). */
export type PublishedJwk = JWK & { kid: string; alg: string; use: 'sig' };

export const KEY_ENCRYPTION = Symbol('KEY_ENCRYPTION');

/**
 * The server's signing keys, one series per algorithm it signs with (SIGNING_ALGORITHMS):
 * at start one key of each that signs now exists (created under an advisory lock, so
 * instances starting together make one each); keys stay in memory after load. A timer
 * creates each successor ahead of time (KEYS_ROTATION_INTERVAL, the same for every
 * algorithm) and drops keys once expired. Access tokens use KEYS_ALGORITHM; ID tokens the
 * client's `id_token_signed_response_alg`.
 */
@Injectable()
export class SigningKeys extends TokenSigner implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('SigningKeys');
  /** One schedule per algorithm; all rotate on the same interval. */
  private readonly policies: readonly KeyPolicy[];
  private readonly defaultAlgorithm: SigningAlgorithm;
  private readonly refreshIntervalMs: number;
  private keys: LoadedKey[] = [];
  /** Imported public keys by kid, for verifying our own tokens (introspection, revocation). */
  private readonly verifiers = new Map<string, CryptoKey>();
  private refreshing?: Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(
    config: AuthServerConfig,
    @Inject(KEY_ENCRYPTION) private readonly encryption: KeyEncryption,
    private readonly repository: SigningKeysRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    metrics: Metrics,
  ) {
    super();
    this.policies = signingKeyPolicies(config);
    this.defaultAlgorithm = config.KEYS_ALGORITHM;
    this.refreshIntervalMs = config.KEYS_REFRESH_INTERVAL * 1000;
    metrics.observe(
      'charter_signing_key_age_seconds',
      'Age of the key that signs now, per algorithm (the newest key when none signs)',
      ['algorithm'],
      () => this.keyAges(),
    );
    metrics.observe(
      'charter_signing_key_rotation_seconds',
      'How long one key is meant to sign (KEYS_ROTATION_INTERVAL), per algorithm',
      ['algorithm'],
      () =>
        this.policies.map((policy) => ({
          labels: { algorithm: policy.algorithm },
          value: policy.rotationSeconds,
        })),
    );
  }

  /** For the rotation-overdue alert: an age past the rotation interval means no successor took over. */
  private keyAges(): { labels: { algorithm: string }; value: number }[] {
    const now = this.clock.now();
    return this.policies.flatMap((policy) => {
      const current =
        signingKeyAt(this.keys, policy.algorithm, now) ??
        this.keys
          .filter((key) => key.algorithm === policy.algorithm && key.notBefore <= now)
          .sort((a, b) => b.notBefore.getTime() - a.notBefore.getTime())[0];
      return current === undefined
        ? []
        : [
            {
              labels: { algorithm: policy.algorithm },
              value: (now.getTime() - current.notBefore.getTime()) / 1000,
            },
          ];
    });
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    // Often enough to learn a successor long before it signs, and a `keys:rotate` within KEYS_REFRESH_INTERVAL.
    const leadSeconds = Math.min(...this.policies.map((policy) => successorLeadSeconds(policy)));
    const every = Math.min(this.refreshIntervalMs, (leadSeconds * 1000) / 4);
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) =>
        this.logger.error({ err: error }, 'signing key refresh failed'),
      );
    }, every);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * Signs a JWT with the key of `algorithm` (KEYS_ALGORITHM by default) that signs now;
   * `typ` goes in the protected header.
   */
  override async sign(
    payload: JWTPayload,
    typ: string,
    algorithm: SigningAlgorithm = this.defaultAlgorithm,
  ): Promise<string> {
    const key = await this.signingKey(algorithm);
    // RFC 7515 §5.1 compact serialisation, signed with node:crypto directly: about half
    // the CPU of going through WebCrypto on the token hot path (bench/README.md).
    const input = `${this.protectedHeader(key, typ)}.${base64url(payload)}`;
    const signature = sign(
      'sha256',
      Buffer.from(input),
      signOptions(algorithm, this.nodeKey(key.privateKey)),
    );
    return `${input}.${signature.toString('base64url')}`;
  }

  private readonly nodeKeys = new WeakMap<CryptoKey, KeyObject>();
  /** The encoded protected header per key and `typ`: the same bytes for every token a key signs. */
  private readonly headers = new Map<string, string>();

  private protectedHeader(key: LoadedKey, typ: string): string {
    const cacheKey = `${key.kid}\n${key.algorithm}\n${typ}`;
    let header = this.headers.get(cacheKey);
    if (header === undefined) {
      if (this.headers.size > 64) {
        this.headers.clear();
      }
      header = base64url({ alg: key.algorithm, typ, kid: key.kid });
      this.headers.set(cacheKey, header);
    }
    return header;
  }

  private nodeKey(privateKey: CryptoKey): KeyObject {
    let keyObject = this.nodeKeys.get(privateKey);
    if (keyObject === undefined) {
      keyObject = KeyObject.from(privateKey);
      this.nodeKeys.set(privateKey, keyObject);
    }
    return keyObject;
  }

  /** Every key not yet expired, public parts only (RFC 7517 §5). */
  publishedKeys(): PublishedJwk[] {
    return publishedKeysAt(this.keys, this.clock.now()).map((key) => ({
      ...key.publicJwk,
      kid: key.kid,
      alg: key.algorithm,
      use: 'sig',
    }));
  }

  /**
   * The public key that verifies a token of ours with this `kid` and `alg` (any key still
   * published, so tokens signed before a rotation verify until they expire), or null.
   */
  async verificationKey(kid: unknown, alg: unknown): Promise<CryptoKey | null> {
    const key = publishedKeysAt(this.keys, this.clock.now()).find(
      (candidate) => candidate.kid === kid && candidate.algorithm === alg,
    );
    if (!key) {
      return null;
    }
    let verifier = this.verifiers.get(key.kid);
    if (!verifier) {
      verifier = (await importJWK({ ...key.publicJwk }, key.algorithm)) as CryptoKey;
      this.verifiers.set(key.kid, verifier);
    }
    return verifier;
  }

  private async signingKey(
    algorithm: SigningAlgorithm,
  ): Promise<LoadedKey & { privateKey: CryptoKey }> {
    let key = signingKeyAt(this.keys, algorithm, this.clock.now());
    if (!key?.privateKey) {
      // The timer should have got here first; do not fail the request for it.
      await this.refresh();
      key = signingKeyAt(this.keys, algorithm, this.clock.now());
    }
    if (!key?.privateKey) {
      throw new Error(`no ${algorithm} signing key is active`);
    }
    return key as LoadedKey & { privateKey: CryptoKey };
  }

  /** Creates what the schedule lacks (under the lock) and reloads; concurrent callers share one run. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async load(): Promise<void> {
    const rows = await this.tx.run(async (em) => {
      await this.repository.lockForCreation(em);
      const now = this.clock.now();
      const stored = await this.repository.findUnexpired(em, now);
      for (const policy of this.policies) {
        for (const window of keysToCreate(stored, policy, now)) {
          const key = await generateSigningKey(window, now, this.encryption);
          await this.repository.insert(em, key);
          stored.push(key);
          this.logger.log(
            { kid: key.kid, algorithm: key.algorithm, notBefore: key.notBefore.toISOString() },
            'signing key created',
          );
        }
      }
      return stored;
    });
    const known = new Map(this.keys.map((key) => [key.kid, key]));
    // A known key keeps its imported private key but takes the stored window: `keys:rotate`
    // may have ended it early.
    this.keys = await Promise.all(
      rows.map(async (row) => {
        const loaded = known.get(row.kid);
        return loaded
          ? {
              ...loaded,
              notBefore: row.notBefore,
              activeUntil: row.activeUntil,
              expiresAt: row.expiresAt,
            }
          : this.toLoaded(row);
      }),
    );
  }

  private async toLoaded(row: SigningKey): Promise<LoadedKey> {
    const loaded = {
      kid: row.kid,
      algorithm: row.algorithm,
      notBefore: row.notBefore,
      activeUntil: row.activeUntil,
      expiresAt: row.expiresAt,
      publicJwk: publicMembers(row.publicJwk),
    };
    if (!isSigningAlgorithm(row.algorithm) || row.activeUntil <= this.clock.now()) {
      return loaded; // published only: it will not sign again
    }
    let privateJwk: JWK;
    try {
      privateJwk = JSON.parse(
        this.encryption.decrypt(row.privateJwkEncrypted, associatedData(row.kid, row.algorithm)),
      ) as JWK;
    } catch {
      // Fail loudly: signing with a new key while the stored one is unreadable would hide a misconfiguration.
      throw new Error(
        `signing key ${row.kid} cannot be decrypted: KEYS_ENCRYPTION_KEY (or a KEYS_ENCRYPTION_KEY_PREVIOUS value) is not the key it was stored under`,
      );
    }
    const privateKey = await importJWK(privateJwk, row.algorithm);
    return { ...loaded, privateKey: privateKey as CryptoKey };
  }
}

/** node:crypto options for a JWS algorithm (all three hash with SHA-256). */
function signOptions(algorithm: SigningAlgorithm, key: KeyObject): SignKeyObjectInput {
  switch (algorithm) {
    case 'ES256':
      // RFC 7518 §3.4: ES256 signatures are R || S, not DER.
      return { key, dsaEncoding: 'ieee-p1363' };
    case 'RS256':
      // RFC 7518 §3.3: RSASSA-PKCS1-v1_5.
      return { key, padding: constants.RSA_PKCS1_PADDING };
    case 'PS256':
      // RFC 7518 §3.5: RSASSA-PSS with MGF1-SHA-256 and a salt as long as the hash (32 bytes).
      return {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      };
  }
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
