import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@charter/service-kit';
import { ClientsRepository } from '../../projection/clients.repository.js';
import type { ProjectedClient } from '../../projection/entities/projected-client.entity.js';
import { EnterprisesRepository } from '../../projection/enterprises.repository.js';
import { InvalidClient, InvalidRequest } from '../oauth.errors.js';
import type { TokenRequest } from '../token/token-request.js';
import type { AuthenticatedClient, ClientAuthMethod } from './authenticated-client.js';
import {
  hasAuthorizationHeader,
  type PresentedSecret,
  readBasicCredentials,
} from './client-secret-basic.js';
import { hasPostedSecret, readPostCredentials } from './client-secret-post.js';
import { clientRefusal, usableSecrets } from './domain/client-eligibility.js';
import {
  hasClientAssertion,
  PrivateKeyJwtVerifier,
  readClientAssertion,
} from './private-key-jwt.js';
import { SecretHasher } from './secret-hasher.js';
import { SecretRekeys } from './secret-rekeys.js';
import { UsedClientAssertionsRepository } from './used-client-assertions.repository.js';

export const SECRET_HASHER = Symbol('SECRET_HASHER');

/** A public client's request: client_id in the body and no credential at all. */
function publicClient(
  authorization: string | undefined,
  request: TokenRequest,
): string | undefined {
  if (hasAuthorizationHeader(authorization) || hasPostedSecret(request)) {
    return undefined;
  }
  return request.get('client_id');
}

/** The token endpoint authentication methods (RFC 7591 §2) this server implements. */
export const CLIENT_AUTH_METHODS: readonly ClientAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
];

/**
 * Authenticates the client of a token request (RFC 6749 §2.3) from the local
 * projection. Every failure says only "client authentication failed" until the
 * secret has matched, so an unknown client and a wrong secret look the same.
 */
@Injectable()
export class ClientAuthenticator {
  private readonly logger = new Logger('ClientAuthenticator');

  constructor(
    private readonly clients: ClientsRepository,
    private readonly enterprises: EnterprisesRepository,
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
    private readonly clock: Clock,
    private readonly assertions: PrivateKeyJwtVerifier,
    private readonly usedAssertions: UsedClientAssertionsRepository,
    private readonly rekeys: SecretRekeys,
  ) {}

  async authenticate(
    authorization: string | undefined,
    request: TokenRequest,
  ): Promise<AuthenticatedClient> {
    if (hasClientAssertion(request)) {
      return this.authenticateWithAssertion(authorization, request);
    }
    const publicClientId = publicClient(authorization, request);
    if (publicClientId !== undefined) {
      return this.authenticatePublic(publicClientId);
    }
    const { method, presented } = this.presented(authorization, request);
    const client = await this.clients.findByClientId(presented.clientId);
    const now = this.clock.now();
    // The HMAC runs for unknown clients too, so timing tells nothing about which client ids exist.
    const usable = client ? usableSecrets(client.secrets, now) : [];
    // Each usable secret's hash as published, and its twin re-keyed under the current key, if any.
    const candidates = usable.flatMap((secret) => {
      const rekeyed = this.rekeys.rekeyedHash(secret.id, secret.hash);
      return rekeyed === undefined
        ? [{ secret, hash: secret.hash }]
        : [
            { secret, hash: rekeyed },
            { secret, hash: secret.hash },
          ];
    });
    const match = this.hasher.match(
      presented.secret,
      candidates.map((candidate) => candidate.hash),
    );
    // Which secret matched: its id goes into the access token (credential_id).
    const matched = match === null ? undefined : candidates[match.index]?.secret;
    if (!client || match === null || matched === undefined) {
      throw new InvalidClient();
    }
    if (match.keyIndex > 0) {
      await this.rekey(matched, presented.secret);
    }
    // RFC 7591 §2 token_endpoint_auth_method: a client authenticates only the way it is registered for.
    if (!client.tokenEndpointAuthMethods.includes(method)) {
      throw new InvalidClient(`the client is not registered for ${method}`);
    }
    return this.admit(client, method, matched.id);
  }

  /**
   * The secret matched under a previous CREDENTIALS_HASH_KEY: keep its hash under the current
   * one, so the previous key can be removed. A failed write costs nothing but a later retry
   * (the previous key still verifies meanwhile), so it never fails the request.
   */
  private async rekey(secret: { id: string; hash: string }, presented: string): Promise<void> {
    try {
      await this.rekeys.record({
        credentialId: secret.id,
        sourceHash: secret.hash,
        hash: this.hasher.hash(presented),
      });
    } catch (error) {
      this.logger.warn(
        { credentialId: secret.id, reason: error instanceof Error ? error.message : String(error) },
        'client secret not re-keyed; retried on its next use',
      );
    }
  }

  /**
   * private_key_jwt (RFC 7523 §2.2, OpenID Connect Core §9): the assertion verifies with
   * the client's registered keys, and its `jti` has not been used before on any instance.
   */
  private async authenticateWithAssertion(
    authorization: string | undefined,
    request: TokenRequest,
  ): Promise<AuthenticatedClient> {
    if (hasAuthorizationHeader(authorization) || hasPostedSecret(request)) {
      // RFC 6749 §2.3: the client MUST NOT use more than one authentication method in a request.
      throw new InvalidRequest('use one client authentication method, not several');
    }
    const presented = readClientAssertion(request);
    const client = await this.clients.findByClientId(presented.clientId);
    if (!client) {
      throw new InvalidClient();
    }
    const now = this.clock.now();
    const verified = await this.assertions.verify(presented.assertion, client, now);
    if (!client.tokenEndpointAuthMethods.includes('private_key_jwt')) {
      throw new InvalidClient('the client is not registered for private_key_jwt');
    }
    // RFC 7523 §3 item 7: a jti seen before, for as long as the assertion would still be
    // accepted (exp plus the clock tolerance), is a replay: one insert shared by every instance.
    const unused = await this.usedAssertions.recordIfUnused(
      { clientId: client.clientId, jti: verified.jti, expiresAt: verified.rememberUntil },
      now,
    );
    if (!unused) {
      throw new InvalidClient('the client assertion was already used');
    }
    return this.admit(client, 'private_key_jwt');
  }

  /** What every method shares once the client is known to be who it says. */
  private async admit(
    client: ProjectedClient,
    method: ClientAuthMethod,
    credentialId?: string,
  ): Promise<AuthenticatedClient> {
    const enterprise =
      client.enterpriseId === null ? null : await this.enterprises.findById(client.enterpriseId);
    const refusal = clientRefusal(client, enterprise?.status);
    if (refusal) {
      throw new InvalidClient(refusal);
    }
    return this.authenticated(client, enterprise?.status ?? null, method, credentialId);
  }

  /** RFC 6749 §2.1 / RFC 7591 `none`: a public client identifies itself by client_id only. */
  private async authenticatePublic(clientId: string): Promise<AuthenticatedClient> {
    const client = await this.clients.findByClientId(clientId);
    if (!client?.tokenEndpointAuthMethods.includes('none')) {
      // RFC 6749 §5.2: a confidential (or unknown) client that sent no credentials.
      throw new InvalidClient('client authentication is required');
    }
    const enterprise =
      client.enterpriseId === null ? null : await this.enterprises.findById(client.enterpriseId);
    const refusal = clientRefusal(client, enterprise?.status);
    if (refusal) {
      throw new InvalidClient(refusal);
    }
    return this.authenticated(client, enterprise?.status ?? null, 'none');
  }

  private authenticated(
    client: ProjectedClient,
    enterpriseStatus: string | null,
    method: ClientAuthMethod,
    credentialId?: string,
  ): AuthenticatedClient {
    return {
      clientId: client.clientId,
      enterpriseId: client.enterpriseId,
      enterpriseStatus,
      grantTypes: client.grantTypes,
      accessTokenTtlSeconds: client.accessTokenTtlSeconds,
      platformAccess: client.platformAccess,
      authMethod: method,
      ...(credentialId === undefined ? {} : { credentialId }),
      resourceServerFor: client.resourceServerFor,
      securityProfile: client.securityProfile,
    };
  }

  private presented(
    authorization: string | undefined,
    request: TokenRequest,
  ): { method: ClientAuthMethod; presented: PresentedSecret } {
    const header = hasAuthorizationHeader(authorization);
    if (header && hasPostedSecret(request)) {
      // RFC 6749 §2.3: the client MUST NOT use more than one authentication method in a request.
      throw new InvalidRequest('use one client authentication method, not several');
    }
    if (header) {
      const presented = readBasicCredentials(authorization);
      const bodyClientId = request.get('client_id');
      if (bodyClientId !== undefined && bodyClientId !== presented.clientId) {
        throw new InvalidRequest('client_id does not match the authenticated client');
      }
      return { method: 'client_secret_basic', presented };
    }
    if (hasPostedSecret(request)) {
      return { method: 'client_secret_post', presented: readPostCredentials(request) };
    }
    // RFC 6749 §5.2: "no client authentication included" is invalid_client. There are no public clients at this endpoint.
    throw new InvalidClient('client authentication is required');
  }
}
