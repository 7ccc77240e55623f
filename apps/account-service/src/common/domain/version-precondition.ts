import { AccountError } from '../../errors/account-error.js';

/**
 * What `If-Match` asks of the resource's current version (RFC 9110 §13.1.1):
 * nothing (no header: the change applies whatever the version), any existing
 * representation (`*`), or one of the listed versions.
 */
export type VersionPrecondition =
  | { readonly kind: 'none' }
  | { readonly kind: 'any' }
  | { readonly kind: 'versions'; readonly versions: readonly number[] };

export const NO_PRECONDITION: VersionPrecondition = { kind: 'none' };

/** RFC 9110 §8.8.3: entity-tag = [ weak ] opaque-tag; opaque-tag = DQUOTE *etagc DQUOTE. */
const ENTITY_TAG = /(W\/)?"([\x21\x23-\x7E\x80-\xFF]*)"/g;

/**
 * The strong entity tag of a resource at `version`. A representation is a pure
 * function of the aggregate's state, which only changes with its version, so the
 * tag can be strong, and strong tags are what If-Match compares (RFC 9110 §13.1.1).
 */
export function entityTag(version: number): string {
  return `"${version}"`;
}

/**
 * Reads an If-Match field value. Weak tags never match (If-Match uses the strong
 * comparison, RFC 9110 §8.8.3.2), and a tag that is not one of ours matches no
 * version, so a malformed or foreign value fails the precondition rather than
 * being ignored.
 */
export function parseIfMatch(value: string | undefined): VersionPrecondition {
  if (value === undefined) {
    return NO_PRECONDITION;
  }
  if (value.trim() === '*') {
    return { kind: 'any' };
  }
  const versions: number[] = [];
  for (const match of value.matchAll(ENTITY_TAG)) {
    const [, weak, opaque] = match;
    if (weak === undefined && opaque !== undefined && /^[1-9][0-9]{0,9}$/.test(opaque)) {
      versions.push(Number(opaque));
    }
  }
  return { kind: 'versions', versions };
}

/**
 * Whether a GET's If-None-Match names the representation at `version`, so the
 * answer is 304 Not Modified (RFC 9110 §13.1.2): `*`, or any listed tag under the
 * weak comparison (`W/"3"` matches `"3"`).
 */
export function ifNoneMatchHits(value: string | undefined, version: number): boolean {
  if (value === undefined) {
    return false;
  }
  if (value.trim() === '*') {
    return true;
  }
  const current = String(version);
  return [...value.matchAll(ENTITY_TAG)].some(([, , opaque]) => opaque === current);
}

export class PreconditionFailed extends AccountError {
  constructor(current: number) {
    super(
      'precondition_failed',
      `The resource is at version ${current} (ETag ${entityTag(current)}); If-Match names another. Fetch it again and retry.`,
    );
  }
}

/** Throws PreconditionFailed when the resource at `current` does not satisfy the precondition. */
export function assertPrecondition(precondition: VersionPrecondition, current: number): void {
  if (precondition.kind === 'versions' && !precondition.versions.includes(current)) {
    throw new PreconditionFailed(current);
  }
}
