import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  SystemAccountCreated,
  SystemAccountDeleted,
  SystemAccountSecretRevoked,
  SystemAccountSecretRotated,
  type SystemAccountState,
  SystemAccountUpdated,
  type EventDefinition,
} from '@charter/events';
import { Clock, TransactionRunner } from '@charter/service-kit';
import type { EntityManager } from 'typeorm';
import { ChangeRecorder } from '../audit/change-recorder.js';
import type { RequestContext } from '../common/request-context.js';
import {
  assertPrecondition,
  type VersionPrecondition,
} from '../common/domain/version-precondition.js';
import type { IdempotentRequest } from '../idempotency/domain/idempotent-request.js';
import { IdempotencyStore } from '../idempotency/idempotency.store.js';
import { assertEnterpriseActive } from '../enterprises/domain/enterprise.js';
import { EnterprisesRepository } from '../enterprises/enterprises.repository.js';
import { ContentApisRepository } from '../content-apis/content-apis.repository.js';
import { generateClientId, generateClientSecret } from './domain/client-credentials.js';
import {
  assertUsesClientSecret,
  createSystemAccount,
  deleteSystemAccount,
  type GrantType,
  type IdTokenSignedResponseAlg,
  type JsonWebKeySet,
  type SecurityProfile,
  needsClientSecret,
  type SystemAccountChanges,
  updateSystemAccount,
  replaceSecrets,
  revokeSecret,
  ROTATION_OVERLAP_SECONDS,
  rotateSecret,
  type SecretCredential,
  type SystemAccount,
  type TokenEndpointAuthMethod,
} from './domain/system-account.js';
import { CredentialListResponse, RotatedCredentialResponse } from './dto/credentials.response.js';
import {
  CreatedSystemAccountResponse,
  SystemAccountListResponse,
  SystemAccountResponse,
} from './dto/system-account.response.js';
import { SecretHasher } from './secret-hasher.js';
import { toSystemAccountState } from './system-account-state.js';
import { InvalidClientSettings, SystemAccountNotFound } from './system-account.errors.js';
import { SystemAccountsRepository } from './system-accounts.repository.js';
import type { ListSystemAccountsQuery } from './dto/list-system-accounts.query.js';

export interface CreateSystemAccount {
  /** Absent only for a resource server (resourceServerFor). */
  readonly enterpriseId?: string;
  readonly name: string;
  readonly grantTypes?: readonly GrantType[];
  readonly tokenEndpointAuthMethods?: readonly TokenEndpointAuthMethod[];
  readonly accessTokenTtlSeconds?: number;
  readonly redirectUris?: readonly string[];
  readonly postLogoutRedirectUris?: readonly string[];
  readonly requirePkce?: boolean;
  readonly jwks?: JsonWebKeySet;
  readonly jwksUri?: string;
  readonly idTokenSignedResponseAlg?: IdTokenSignedResponseAlg | null;
  readonly securityProfile?: SecurityProfile | null;
  /** A content API's resource indicator: a protected-resource client (RFC 7662) for it. */
  readonly resourceServerFor?: string;
}

/** A PATCH: each member present replaces the current value; null unsets. */
export type UpdateSystemAccount = SystemAccountChanges;

/** The platform admin client as configured (ADMIN_CLIENT_ID / ADMIN_CLIENT_SECRET / AUTH_AUDIENCE). */
export interface PlatformAdminSpec {
  readonly clientId: string;
  /** The current secret first, then previous ones still accepted (ADMIN_CLIENT_SECRET_PREVIOUS). */
  readonly clientSecrets: readonly string[];
  readonly audience: string;
  readonly scopes: readonly string[];
}

export type PlatformAdminOutcome = 'created' | 'secret_replaced' | 'unchanged';

/** The first-party public client people sign in to the admin API with (authorization code + PKCE). */
export interface AdminConsoleSpec {
  readonly clientId: string;
  readonly redirectUris: readonly string[];
}

export type AdminConsoleOutcome = 'created' | 'redirect_uris_replaced' | 'unchanged' | 'deleted';

@Injectable()
export class SystemAccountsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly systemAccounts: SystemAccountsRepository,
    private readonly enterprises: EnterprisesRepository,
    private readonly contentApis: ContentApisRepository,
    private readonly hasher: SecretHasher,
    private readonly changes: ChangeRecorder,
    private readonly idempotency: IdempotencyStore,
    private readonly clock: Clock,
  ) {}

  /** Creates an enterprise's client with a server-generated secret, returned in this answer only. */
  async create(
    input: CreateSystemAccount,
    idempotency: IdempotentRequest | null,
    context: RequestContext,
  ): Promise<CreatedSystemAccountResponse> {
    return this.tx.run((em) =>
      this.idempotency.once(
        em,
        idempotency,
        201,
        async () => {
          const enterpriseId = await this.owner(em, input); // throws EnterpriseNotFound, ...
          const resourceServerFor = await this.resourceServerFor(em, input); // throws ContentApiNotFound
          const now = this.clock.now();
          const settings = {
            name: input.name,
            enterpriseId,
            resourceServerFor,
            grantTypes: input.grantTypes,
            tokenEndpointAuthMethods: input.tokenEndpointAuthMethods,
            accessTokenTtlSeconds: input.accessTokenTtlSeconds,
            redirectUris: input.redirectUris,
            postLogoutRedirectUris: input.postLogoutRedirectUris,
            requirePkce: input.requirePkce,
            jwks: input.jwks,
            jwksUri: input.jwksUri,
            idTokenSignedResponseAlg: input.idTokenSignedResponseAlg,
            securityProfile: input.securityProfile,
          };
          // Public and private_key_jwt-only clients get no secret: they could not use it.
          const clientSecret = needsClientSecret(settings) ? generateClientSecret() : null;
          const account = createSystemAccount(
            { id: randomUUID(), clientId: generateClientId() },
            settings,
            clientSecret === null ? null : this.newSecret(clientSecret, now),
            now,
          ); // throws InvalidClientSettings
          await this.systemAccounts.insert(em, account);
          await this.changes.record(em, SystemAccountCreated, {
            state: toSystemAccountState(account),
            version: account.version,
            before: null,
            context,
            at: now,
          });
          return CreatedSystemAccountResponse.withSecret(account, clientSecret);
        },
        withoutSecret,
      ),
    );
  }

  /**
   * The enterprise of a new account (it must exist and be active), or null for a resource
   * server, which belongs to none. Neither given: the enterprise is required.
   */
  private async owner(em: EntityManager, input: CreateSystemAccount): Promise<string | null> {
    if (input.enterpriseId === undefined) {
      if (input.resourceServerFor === undefined) {
        throw new InvalidClientSettings([
          { pointer: '/enterpriseId', detail: 'is required unless resourceServerFor is given' },
        ]);
      }
      return null;
    }
    const enterprise = await this.enterprises.getForShare(em, input.enterpriseId, '/enterpriseId');
    assertEnterpriseActive(enterprise);
    return enterprise.id;
  }

  /** The content API a resource server stands for must exist (share-locked while we write). */
  private async resourceServerFor(
    em: EntityManager,
    input: CreateSystemAccount,
  ): Promise<string | null> {
    if (input.resourceServerFor === undefined) {
      return null;
    }
    const api = await this.contentApis.getByResourceIndicatorForShare(
      em,
      input.resourceServerFor,
      '/resourceServerFor',
    );
    return api.resourceIndicator;
  }

  async list(query: ListSystemAccountsQuery): Promise<SystemAccountListResponse> {
    return SystemAccountListResponse.from(
      await this.systemAccounts.list(
        {
          enterpriseId: query.enterpriseId,
          status: query.status,
          includeDeleted: query.includeDeleted,
        },
        query,
      ),
    );
  }

  async get(id: string): Promise<SystemAccountResponse> {
    const account = await this.systemAccounts.findById(id);
    if (!account) {
      throw new SystemAccountNotFound(id);
    }
    return SystemAccountResponse.from(account);
  }

  /**
   * Changes name, grants, auth methods, lifetime, redirect URIs, PKCE or keys; the
   * settings are checked as a whole. A change to nothing answers the account as it
   * is, with no event.
   */
  async update(
    id: string,
    input: UpdateSystemAccount,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<SystemAccountResponse> {
    return this.tx.run(async (em) =>
      SystemAccountResponse.from(
        await this.change(
          em,
          id,
          precondition,
          context,
          SystemAccountUpdated,
          (account, now) => updateSystemAccount(account, input, now), // throws InvalidClientSettings; null: nothing changes
        ),
      ),
    );
  }

  /** Soft deletion: `deletedAt` is set; the account gets no token from then on and takes no more changes. */
  async delete(
    id: string,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<SystemAccountResponse> {
    return this.tx.run(async (em) =>
      SystemAccountResponse.from(
        await this.change(
          em,
          id,
          precondition,
          context,
          SystemAccountDeleted,
          (account, now) => deleteSystemAccount(account, now), // throws SystemAccountDeleted, PlatformAccountProtected
        ),
      ),
    );
  }

  async listCredentials(id: string): Promise<CredentialListResponse> {
    const account = await this.systemAccounts.findById(id);
    if (!account) {
      throw new SystemAccountNotFound(id);
    }
    return CredentialListResponse.from(account);
  }

  /**
   * Adds a server-generated secret (returned in this answer only); the secrets in
   * use keep working for `overlapSeconds`, so the client can switch without an outage.
   */
  async rotateCredentials(
    id: string,
    input: { readonly overlapSeconds?: number; readonly label?: string },
    precondition: VersionPrecondition,
    idempotency: IdempotentRequest | null,
    context: RequestContext,
  ): Promise<RotatedCredentialResponse> {
    return this.tx.run((em) =>
      this.idempotency.once(
        em,
        idempotency,
        201,
        async () => {
          const clientSecret = generateClientSecret();
          let secretId = '';
          const rotated = await this.change(
            em,
            id,
            precondition,
            context,
            SystemAccountSecretRotated,
            (account, now) => {
              assertUsesClientSecret(account); // throws ClientUsesNoSecret
              const secret = this.newSecret(clientSecret, now, input.label ?? null);
              secretId = secret.id;
              return rotateSecret(
                account,
                secret,
                input.overlapSeconds ?? ROTATION_OVERLAP_SECONDS.default,
                now,
              );
            },
          );
          return RotatedCredentialResponse.withSecret(rotated, secretId, clientSecret);
        },
        withoutSecret,
      ),
    );
  }

  /** The credential stops working at once, here and (through the event) at the auth-server. */
  async revokeCredential(
    id: string,
    credentialId: string,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<SystemAccountResponse> {
    return this.tx.run(async (em) =>
      SystemAccountResponse.from(
        await this.change(
          em,
          id,
          precondition,
          context,
          SystemAccountSecretRevoked,
          (account, now) => revokeSecret(account, credentialId, now), // throws CredentialNotFound, CredentialExpired
        ),
      ),
    );
  }

  /**
   * One change to one account: load it under lock (SystemAccountNotFound), check
   * If-Match (PreconditionFailed), decide, then save it and record the event and
   * audit row. A decision of null changes nothing and records nothing.
   */
  private async change(
    em: EntityManager,
    id: string,
    precondition: VersionPrecondition,
    context: RequestContext,
    event: EventDefinition<typeof SystemAccountState>,
    decide: (account: SystemAccount, now: Date) => SystemAccount | null,
  ): Promise<SystemAccount> {
    const account = await this.systemAccounts.getForUpdate(em, id);
    assertPrecondition(precondition, account.version);
    const now = this.clock.now();
    const changed = decide(account, now);
    if (changed === null) {
      return account;
    }
    await this.systemAccounts.update(em, changed);
    await this.changes.record(em, event, {
      state: toSystemAccountState(changed),
      version: changed.version,
      before: toSystemAccountState(account),
      context,
      at: now,
    });
    return changed;
  }

  /**
   * Makes sure the platform admin client exists with the configured secret. Safe
   * when several instances start together: they take turns under an advisory lock,
   * and the later ones find the work done.
   */
  async ensurePlatformAdmin(
    spec: PlatformAdminSpec,
    context: RequestContext,
  ): Promise<PlatformAdminOutcome> {
    const outcome = await this.ensurePlatformClient(
      spec.clientId,
      (now) =>
        createSystemAccount(
          { id: randomUUID(), clientId: spec.clientId },
          {
            name: 'Charter platform admin',
            enterpriseId: null,
            grantTypes: ['client_credentials'],
            tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post'],
            platformAccess: { audience: spec.audience, scopes: spec.scopes },
          },
          this.newSecret(spec.clientSecrets[0] ?? '', now),
          now,
        ),
      (existing, now) => {
        // Each configured secret keeps the credential it already has (its id is in the tokens
        // it obtained), whichever hash key that was made under; a secret not there yet gets a
        // new one; a credential no longer configured (a previous secret removed) goes.
        const wanted: SecretCredential[] = [];
        for (const secret of spec.clientSecrets) {
          const known = existing.secrets.find(
            (stored) => !wanted.includes(stored) && this.hasher.matches(secret, stored.hash),
          );
          wanted.push(known ?? this.newSecret(secret, now));
        }
        const same =
          wanted.length === existing.secrets.length &&
          wanted.every((secret) => existing.secrets.includes(secret));
        return same ? null : replaceSecrets(existing, wanted, now);
      },
      context,
    );
    // The admin client is never deleted (platform_account_protected): a deleted one is left be.
    return outcome === 'updated'
      ? 'secret_replaced'
      : outcome === 'created'
        ? 'created'
        : 'unchanged';
  }

  /**
   * Makes sure the admin console client exists: a public platform client (no enterprise, no
   * secret, no platform access) for the authorization code grant with PKCE, with the configured
   * redirect URIs. What its tokens may do is the signed-in person's role, decided at each call.
   * A console client an operator deleted stays deleted (signing in through it stays off).
   */
  async ensureAdminConsole(
    spec: AdminConsoleSpec,
    context: RequestContext,
  ): Promise<AdminConsoleOutcome> {
    const outcome = await this.ensurePlatformClient(
      spec.clientId,
      (now) =>
        createSystemAccount(
          { id: randomUUID(), clientId: spec.clientId },
          {
            name: 'Charter admin console',
            enterpriseId: null,
            grantTypes: ['authorization_code', 'refresh_token'],
            tokenEndpointAuthMethods: ['none'],
            redirectUris: spec.redirectUris,
            requirePkce: true,
          },
          null,
          now,
        ),
      (existing, now) => updateSystemAccount(existing, { redirectUris: spec.redirectUris }, now),
      context,
    );
    return outcome === 'updated' ? 'redirect_uris_replaced' : outcome;
  }

  /**
   * A platform client the service keeps at start: created when missing, else brought up to
   * date (`update` null: nothing to change), under the bootstrap's advisory lock; a deleted one
   * is left alone.
   */
  private async ensurePlatformClient(
    clientId: string,
    create: (now: Date) => SystemAccount,
    update: (existing: SystemAccount, now: Date) => SystemAccount | null,
    context: RequestContext,
  ): Promise<'created' | 'updated' | 'unchanged' | 'deleted'> {
    return this.tx.run(async (em) => {
      await this.systemAccounts.lockAdminBootstrap(em);
      const existing = await this.systemAccounts.findByClientIdForUpdate(em, clientId);
      const now = this.clock.now();
      if (!existing) {
        const account = create(now);
        await this.systemAccounts.insert(em, account);
        await this.changes.record(em, SystemAccountCreated, {
          state: toSystemAccountState(account),
          version: account.version,
          before: null,
          context,
          at: now,
        });
        return 'created';
      }
      if (existing.deletedAt !== null) {
        return 'deleted';
      }
      const updated = update(existing, now);
      if (updated === null) {
        return 'unchanged';
      }
      await this.systemAccounts.update(em, updated);
      await this.changes.record(em, SystemAccountUpdated, {
        state: toSystemAccountState(updated),
        version: updated.version,
        before: toSystemAccountState(existing),
        context,
        at: now,
      });
      return 'updated';
    });
  }

  private newSecret(
    clientSecret: string,
    now: Date,
    label: string | null = null,
  ): SecretCredential {
    return {
      id: randomUUID(),
      hash: this.hasher.hash(clientSecret),
      createdAt: now,
      expiresAt: null,
      label,
    };
  }
}

/**
 * What an Idempotency-Key keeps of an answer holding a client secret: everything
 * but the secret, which is stored nowhere in clear. A replay therefore shows no
 * secret; a caller who lost the first answer rotates the credentials.
 */
function withoutSecret<T extends { clientSecret?: string }>(response: T): Omit<T, 'clientSecret'> {
  const { clientSecret: _secret, ...rest } = response;
  return rest;
}
