import { isDeepStrictEqual } from 'node:util';
import {
  base64url,
  CompactEncrypt,
  CompactSign,
  compactDecrypt,
  compactVerify,
  createLocalJWKSet,
  decodeProtectedHeader,
  importJWK,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import { EVENT_CATALOGUE } from '../catalogue.js';
import type { EventDefinition } from '../define-event.js';
import type { EventEnvelope } from '../envelope.js';
import {
  EVENT_CONTENT_ENCRYPTION,
  EVENT_KEY_MANAGEMENT_ALGORITHM,
  EVENT_SIGNATURE_ALGORITHM,
  type EventProducer,
  parsePrivateKey,
  parsePrivateKeySet,
  parsePublicKey,
  parsePublicKeySet,
} from './event-keys.js';
import {
  LOCAL_EVENT_DECRYPTION_KEYS,
  LOCAL_EVENT_ENCRYPTION_KEY,
  LOCAL_EVENT_SIGNING_KEYS,
  LOCAL_EVENT_VERIFICATION_KEYS,
} from './local-event-keys.js';

type Key = Awaited<ReturnType<typeof importJWK>>;

/** The NATS header that carries a message's detached JWS (RFC 7515 Appendix F). */
export const SIGNATURE_HEADER = 'Charter-Signature';

export interface EventSecurityOptions {
  /** This service: the `iss` of its signatures, and the reader its sealed fields are opened for. */
  readonly service: EventProducer;
  /** Its private ES256 key (with `kid`): it signs every event and request it puts on the bus. */
  readonly signingKey: JWK;
  /** The public keys (JWK Set) of each producer this service accepts messages from. */
  readonly trustedKeys: Partial<Record<EventProducer, JSONWebKeySet>>;
  /** Public ECDH-ES keys of the readers this service seals fields to (the account service: the auth-server's). */
  readonly encryptionKeys?: Partial<Record<EventProducer, JWK>>;
  /** Private ECDH-ES keys of fields sealed to this service (the auth-server), current and previous. */
  readonly decryptionKeys?: JSONWebKeySet;
}

/** Why a message was refused; safe to log (it never holds key material or payload). */
export class EventRejected extends Error {
  override readonly name = 'EventRejected';
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Bounds what a forged header may put into a log line. */
const printable = (value: unknown): string => JSON.stringify(value)?.slice(0, 64) ?? 'nothing';

/**
 * Proof of origin and confidentiality of what travels on the bus.
 *
 * - Every message body is signed by the service that publishes it: a detached compact JWS
 *   (RFC 7515 §7.1 and Appendix F), ES256, whose protected header names the key (`kid`) and the
 *   signer (`iss`), over the exact bytes published; it travels in the `Charter-Signature` header.
 *   A consumer checks the signer is the one service allowed to publish that subject and that the
 *   signature verifies under that service's configured public keys, before it reads anything else.
 * - Fields an event declares `sealed` (a user's password hash, a client's secret hashes) travel as
 *   compact JWEs (RFC 7516, ECDH-ES+A256KW with A256GCM, RFC 7518 §4.6) to their one reader's
 *   public key; everyone else sees the declared withheld value in their place.
 */
export class EventSecurity {
  private readonly signingKey: Promise<Key>;
  private readonly verifiers = new Map<string, ReturnType<typeof createLocalJWKSet>>();
  private readonly encryptionKeys = new Map<string, Promise<Key>>();
  private readonly decryptionKeys = new Map<string, Promise<Key>>();

  constructor(readonly options: EventSecurityOptions) {
    this.signingKey = importJWK(options.signingKey, EVENT_SIGNATURE_ALGORITHM);
    // Unhandled until first use otherwise; a bad key then fails the publish that needs it.
    this.signingKey.catch(() => undefined);
    for (const [producer, keys] of Object.entries(options.trustedKeys)) {
      this.verifiers.set(producer, createLocalJWKSet(keys));
    }
    for (const key of options.decryptionKeys?.keys ?? []) {
      const imported = importJWK(key, EVENT_KEY_MANAGEMENT_ALGORITHM);
      imported.catch(() => undefined);
      this.decryptionKeys.set(String(key.kid), imported);
    }
  }

  get service(): EventProducer {
    return this.options.service;
  }

  /** The detached JWS of `bytes` (`<protected header>..<signature>`). */
  async sign(bytes: Uint8Array): Promise<string> {
    const jws = await new CompactSign(bytes)
      .setProtectedHeader({
        alg: EVENT_SIGNATURE_ALGORITHM,
        kid: this.options.signingKey.kid,
        iss: this.options.service,
      })
      .sign(await this.signingKey);
    const [header, , signature] = jws.split('.');
    return `${header}..${signature}`;
  }

  /**
   * Checks that `bytes` were signed by one of `signers`, under a key configured for it; returns
   * the signer. Throws EventRejected otherwise (unsigned, malformed, someone else, bad signature).
   */
  async verify(
    bytes: Uint8Array,
    signature: string | undefined,
    signers: readonly EventProducer[],
  ): Promise<EventProducer> {
    if (signature === undefined || signature === '') {
      throw new EventRejected('unsigned');
    }
    const parts = signature.split('.');
    if (parts.length !== 3 || parts[1] !== '') {
      throw new EventRejected('malformed signature');
    }
    let signer: unknown;
    try {
      signer = decodeProtectedHeader(signature).iss;
    } catch {
      throw new EventRejected('malformed signature');
    }
    const verifier =
      typeof signer === 'string' && (signers as readonly string[]).includes(signer)
        ? this.verifiers.get(signer)
        : undefined;
    if (verifier === undefined) {
      throw new EventRejected(
        `signed as ${printable(signer)}, which may not publish this (expected ${signers.join(' or ')})`,
      );
    }
    try {
      // RFC 7515 Appendix F: put the payload back in before verifying.
      await compactVerify(`${parts[0]}.${base64url.encode(bytes)}.${parts[2]}`, verifier, {
        algorithms: [EVENT_SIGNATURE_ALGORITHM],
      });
    } catch (error) {
      throw new EventRejected(
        `signature does not verify (${(error as { code?: string }).code ?? 'invalid'})`,
      );
    }
    return signer as EventProducer;
  }

  /**
   * What a producer puts on the bus for `envelope`: the body (sealed fields sealed, when its type is
   * in the catalogue) and its signature, for the `Charter-Signature` header.
   */
  async encode(envelope: EventEnvelope): Promise<{ body: Uint8Array; signature: string }> {
    const body = encoder.encode(
      JSON.stringify(await this.seal(envelope, EVENT_CATALOGUE.get(envelope.type))),
    );
    return { body, signature: await this.sign(body) };
  }

  /** Seals the fields the event's definition declares, for their reader; other events pass unchanged. */
  async seal(
    envelope: EventEnvelope,
    definition: EventDefinition | undefined,
  ): Promise<EventEnvelope> {
    const spec = definition?.sealed;
    if (spec === undefined) {
      return envelope;
    }
    const key = this.options.encryptionKeys?.[spec.reader];
    if (key === undefined) {
      throw new Error(
        `${envelope.type} carries fields only ${spec.reader} may read, and no encryption key for it is configured`,
      );
    }
    let publicKey = this.encryptionKeys.get(spec.reader);
    if (publicKey === undefined) {
      publicKey = importJWK(key, EVENT_KEY_MANAGEMENT_ALGORITHM);
      this.encryptionKeys.set(spec.reader, publicKey);
    }
    const data = { ...(envelope.data as Record<string, unknown>) };
    const sealed: Record<string, string> = {};
    for (const [field, withheld] of Object.entries(spec.withheld)) {
      sealed[field] = await new CompactEncrypt(encoder.encode(JSON.stringify(data[field] ?? null)))
        // `eid` and `fld` bind the ciphertext to this event and field: it cannot be moved to another.
        .setProtectedHeader({
          alg: EVENT_KEY_MANAGEMENT_ALGORITHM,
          enc: EVENT_CONTENT_ENCRYPTION,
          kid: key.kid,
          eid: envelope.id,
          fld: field,
        })
        .encrypt(await publicKey);
      data[field] = withheld;
    }
    return { ...envelope, data, sealed };
  }

  /**
   * The event's data as this service may see it: sealed fields opened when it is their reader,
   * left at their withheld value otherwise. Refuses an event whose declared sealed fields are
   * missing or also travel in clear text.
   */
  async open(envelope: EventEnvelope, definition: EventDefinition): Promise<unknown> {
    const spec = definition.sealed;
    if (spec === undefined) {
      return envelope.data;
    }
    if (
      typeof envelope.data !== 'object' ||
      envelope.data === null ||
      Array.isArray(envelope.data)
    ) {
      throw new EventRejected('data is not an object');
    }
    const data = { ...(envelope.data as Record<string, unknown>) };
    for (const [field, withheld] of Object.entries(spec.withheld)) {
      const jwe = envelope.sealed?.[field];
      if (jwe === undefined) {
        throw new EventRejected(`${field} is not sealed`);
      }
      if (!isDeepStrictEqual(data[field], withheld)) {
        throw new EventRejected(`${field} travels in clear text`);
      }
      if (spec.reader === this.options.service) {
        data[field] = await this.decrypt(jwe, envelope.id, field);
      }
    }
    return data;
  }

  private async decrypt(jwe: string, eventId: string, field: string): Promise<unknown> {
    let opened: Awaited<ReturnType<typeof compactDecrypt>>;
    try {
      opened = await compactDecrypt(
        jwe,
        async (header) => {
          const key = this.decryptionKeys.get(String(header.kid));
          if (key === undefined) {
            throw new EventRejected(
              `${field} is sealed to an unknown key ${printable(header.kid)}`,
            );
          }
          return key;
        },
        {
          keyManagementAlgorithms: [EVENT_KEY_MANAGEMENT_ALGORITHM],
          contentEncryptionAlgorithms: [EVENT_CONTENT_ENCRYPTION],
        },
      );
    } catch (error) {
      throw error instanceof EventRejected
        ? error
        : new EventRejected(
            `${field} cannot be decrypted (${(error as { code?: string }).code ?? 'invalid'})`,
          );
    }
    if (opened.protectedHeader.eid !== eventId || opened.protectedHeader.fld !== field) {
      throw new EventRejected(`${field} was sealed for another event or field`);
    }
    try {
      return JSON.parse(decoder.decode(opened.plaintext)) as unknown;
    } catch {
      throw new EventRejected(`${field} is not JSON once decrypted`);
    }
  }
}

/** The key variables of a service, as strings (inline JSON or file paths), parsed into options. */
export function eventSecurityOptions(input: {
  service: EventProducer;
  signingKey: string;
  trustedKeys: Partial<Record<EventProducer, string>>;
  encryptionKeys?: Partial<Record<EventProducer, string>>;
  decryptionKeys?: string;
}): EventSecurityOptions {
  const map = <T>(
    entries: Partial<Record<EventProducer, string>> | undefined,
    parse: (value: string) => T,
  ): Partial<Record<EventProducer, T>> =>
    Object.fromEntries(
      Object.entries(entries ?? {}).map(([producer, value]) => [producer, parse(value)]),
    );
  return {
    service: input.service,
    signingKey: parsePrivateKey(input.signingKey),
    trustedKeys: map(input.trustedKeys, parsePublicKeySet),
    encryptionKeys: map(input.encryptionKeys, parsePublicKey),
    ...(input.decryptionKeys === undefined
      ? {}
      : { decryptionKeys: parsePrivateKeySet(input.decryptionKeys) }),
  };
}

/**
 * The public local-development keys, as a service would be configured without any EVENTS_* key
 * variable: signs as `service`, trusts every service's local key, seals to (and, for the auth-server,
 * opens) with the local sealing key. Tests use it to publish as a producer would.
 */
export function localEventSecurity(service: EventProducer): EventSecurityOptions {
  return eventSecurityOptions({
    service,
    signingKey: LOCAL_EVENT_SIGNING_KEYS[service],
    trustedKeys: LOCAL_EVENT_VERIFICATION_KEYS,
    encryptionKeys: { 'auth-server': LOCAL_EVENT_ENCRYPTION_KEY },
    ...(service === 'auth-server' ? { decryptionKeys: LOCAL_EVENT_DECRYPTION_KEYS } : {}),
  });
}

export const textBytes = (text: string): Uint8Array => encoder.encode(text);
