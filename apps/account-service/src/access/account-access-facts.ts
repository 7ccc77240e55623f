import {
  type AccessFacts,
  type ClientFacts,
  type ContractFacts,
  type EnterpriseFacts,
  factsNeeded,
  type TokenFacts,
  type UserFacts,
} from '@charter/auth';
import { Injectable } from '@nestjs/common';
import { ContentApisRepository } from '../content-apis/content-apis.repository.js';
import type { Contract } from '../contracts/domain/contract.js';
import type { User } from '../users/domain/user.js';
import { ContractsRepository } from '../contracts/contracts.repository.js';
import { EnterprisesRepository } from '../enterprises/enterprises.repository.js';
import type { SystemAccount } from '../system-accounts/domain/system-account.js';
import { SystemAccountsRepository } from '../system-accounts/system-accounts.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import { RevocationListRepository } from './revocation/revocation-list.repository.js';

/** The facts of one request, for the acceptance rule and, after it, for the caller policy. */
export interface GatheredFacts extends AccessFacts {
  /** The system account the token's `client_id` names, as stored here (null: none). */
  readonly account: SystemAccount | null;
  /** The user a user token's `sub` names, as stored here (null: none, or a client's token). */
  readonly userRow: User | null;
}

/**
 * The account service's answer to @charter/auth's AccessFacts port: its own tables (it is the
 * system of record for clients, secrets, users, enterprises and contracts) and the revocation
 * list it keeps from the auth-server's events. Read once per request, in parallel, before the
 * pure rule decides.
 */
@Injectable()
export class AccountAccessFacts {
  /** One read per request: the token check and the caller guard share the same facts. */
  private readonly gathered = new WeakMap<TokenFacts, Promise<GatheredFacts>>();

  constructor(
    private readonly revocations: RevocationListRepository,
    private readonly systemAccounts: SystemAccountsRepository,
    private readonly users: UsersRepository,
    private readonly enterprises: EnterprisesRepository,
    private readonly contracts: ContractsRepository,
    private readonly contentApis: ContentApisRepository,
  ) {}

  /** The facts for this token (the request's principal object), read once and shared. */
  gather(token: TokenFacts, now: Date): Promise<GatheredFacts> {
    let facts = this.gathered.get(token);
    if (facts === undefined) {
      facts = this.read(token, now);
      this.gathered.set(token, facts);
    }
    return facts;
  }

  private async read(token: TokenFacts, now: Date): Promise<GatheredFacts> {
    const needed = factsNeeded(token);
    const [revoked, account, user, enterprise, contract] = await Promise.all([
      this.revocations.isRevoked(needed.tokenId, now),
      this.systemAccounts.findByClientId(needed.clientId),
      needed.userId === undefined ? null : this.users.findById(needed.userId),
      needed.enterpriseId === undefined ? null : this.enterprises.findById(needed.enterpriseId),
      needed.contractId === undefined ? null : this.contractFacts(needed.contractId),
    ]);
    const client: ClientFacts | undefined =
      account === null
        ? undefined
        : {
            clientId: account.clientId,
            enterpriseId: account.enterpriseId,
            status: account.status,
            deletedAt: account.deletedAt,
            credentials: account.secrets.map((secret) => ({
              id: secret.id,
              expiresAt: secret.expiresAt,
            })),
          };
    const userFacts: UserFacts | undefined = user ?? undefined;
    const enterpriseFacts: EnterpriseFacts | undefined = enterprise ?? undefined;
    return {
      account,
      userRow: user,
      isRevoked: (jti) => jti === needed.tokenId && revoked,
      client: (clientId) => (clientId === needed.clientId ? client : undefined),
      user: (id) => (id === needed.userId ? userFacts : undefined),
      enterprise: (id) => (id === needed.enterpriseId ? enterpriseFacts : undefined),
      contract: (id) => (id === needed.contractId ? (contract ?? undefined) : undefined),
    };
  }

  /** A contract with the resource indicator of the content API it covers. */
  private async contractFacts(id: string): Promise<ContractFacts | null> {
    const contract: Contract | null = await this.contracts.findById(id);
    if (contract === null) {
      return null;
    }
    const api = await this.contentApis.findById(contract.contentApiId);
    return {
      id: contract.id,
      enterpriseId: contract.enterpriseId,
      resourceIndicator: api?.resourceIndicator ?? '',
      scopes: contract.scopes,
      datasets: contract.datasets,
      requestsPerMinute: contract.rateLimit?.requestsPerMinute ?? null,
      validFrom: contract.validFrom,
      validUntil: contract.validUntil,
      status: contract.status,
      deletedAt: contract.deletedAt,
    };
  }
}
