/** What the rules need of a stored secret: its id, its hash and when it stops being accepted. */
export interface StoredSecret {
  readonly id: string;
  readonly hash: string;
  /** ISO 8601, or null for no expiry. */
  readonly expiresAt: string | null;
}

/** The secrets a presented secret may match at `now`: expired (or revoked) secrets no longer authenticate. */
export function usableSecrets<T extends StoredSecret>(secrets: readonly T[], now: Date): T[] {
  return secrets.filter((secret) => secret.expiresAt === null || now < new Date(secret.expiresAt));
}

export interface ClientStanding {
  readonly status: 'active' | 'disabled';
  /** Null for platform clients, which belong to no enterprise. */
  readonly enterpriseId: string | null;
  /** Soft deletion: a deleted client gets no token. */
  readonly deletedAt?: Date | null;
}

/**
 * Why an authenticated client may not get tokens at all, or null. A disabled
 * client, or one whose enterprise is not active (or not known yet: fail closed),
 * fails client authentication: it is `invalid_client` (RFC 6749 §5.2), not
 * `unauthorized_client`, which is about one grant type while this refuses them all.
 */
export function clientRefusal(
  client: ClientStanding,
  enterpriseStatus: string | undefined,
): string | null {
  if (client.deletedAt) {
    return 'the client is deleted';
  }
  if (client.status !== 'active') {
    return 'the client is disabled';
  }
  if (client.enterpriseId !== null && enterpriseStatus !== 'active') {
    return "the client's enterprise is not active";
  }
  return null;
}
