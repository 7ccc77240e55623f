import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  ContractCreated,
  ContractDeleted,
  ContractReactivated,
  ContractSuspended,
  ContractTerminated,
  ContractUpdated,
} from '@charter/events';
import { Clock, TransactionRunner } from '@charter/service-kit';
import { ChangeRecorder } from '../audit/change-recorder.js';
import { reservedInContract } from '../common/domain/account-service-reservation.js';
import type { RequestContext } from '../common/request-context.js';
import { ReservedForAccountService } from '../common/reserved.errors.js';
import { AccountServiceConfig } from '../config/account-service.config.js';
import {
  assertPrecondition,
  type VersionPrecondition,
} from '../common/domain/version-precondition.js';
import type { IdempotentRequest } from '../idempotency/domain/idempotent-request.js';
import { IdempotencyStore } from '../idempotency/idempotency.store.js';
import { ContentApisRepository } from '../content-apis/content-apis.repository.js';
import { assertEnterpriseActive } from '../enterprises/domain/enterprise.js';
import { EnterprisesRepository } from '../enterprises/enterprises.repository.js';
import { toContractState } from './contract-state.js';
import { ContractNotFound } from './contract.errors.js';
import { type ContractFilter, ContractsRepository } from './contracts.repository.js';
import {
  type ContractChanges,
  createContract,
  deleteContract,
  type RateLimit,
  updateContractTerms,
} from './domain/contract.js';
import { type ContractStatusAction, transitionContract } from './domain/contract-status.js';
import { ContractListResponse, ContractResponse } from './dto/contract.response.js';
import type { ListContractsQuery } from './dto/list-contracts.query.js';

export interface CreateContract {
  readonly enterpriseId: string;
  readonly contentApiId: string;
  readonly scopes: readonly string[];
  /** ISO 8601 date-time with offset. */
  readonly validFrom: string;
  readonly validUntil?: string | null;
  /** Absent or empty: all of the content API's datasets. */
  readonly datasets?: readonly string[];
  readonly rateLimit?: RateLimit | null;
}

/** A PATCH of the terms, as the controller hands it over (date-times as ISO 8601 strings). */
export interface UpdateContract {
  readonly scopes?: readonly string[];
  readonly datasets?: readonly string[];
  readonly validFrom?: string;
  readonly validUntil?: string | null;
  readonly rateLimit?: RateLimit | null;
}

/** The event each status action emits. */
const STATUS_EVENTS = {
  suspend: ContractSuspended,
  reactivate: ContractReactivated,
  terminate: ContractTerminated,
} as const satisfies Record<ContractStatusAction, unknown>;

@Injectable()
export class ContractsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly contracts: ContractsRepository,
    private readonly enterprises: EnterprisesRepository,
    private readonly contentApis: ContentApisRepository,
    private readonly changes: ChangeRecorder,
    private readonly idempotency: IdempotencyStore,
    private readonly clock: Clock,
    private readonly config: AccountServiceConfig,
  ) {}

  async create(
    input: CreateContract,
    idempotency: IdempotentRequest | null,
    context: RequestContext,
  ): Promise<ContractResponse> {
    return this.tx.run((em) =>
      this.idempotency.once(em, idempotency, 201, async () => {
        const enterprise = await this.enterprises.getForShare(
          em,
          input.enterpriseId,
          '/enterpriseId',
        ); // throws EnterpriseNotFound
        assertEnterpriseActive(enterprise);
        const contentApi = await this.contentApis.getForShare(
          em,
          input.contentApiId,
          '/contentApiId',
        ); // throws ContentApiNotFound
        const now = this.clock.now();
        const terms = {
          enterpriseId: enterprise.id,
          contentApiId: contentApi.id,
          scopes: input.scopes,
          datasets: input.datasets ?? [],
          rateLimit:
            input.rateLimit === undefined || input.rateLimit === null
              ? null
              : { requestsPerMinute: input.rateLimit.requestsPerMinute },
          validFrom: new Date(input.validFrom),
          validUntil:
            input.validUntil === undefined || input.validUntil === null
              ? null
              : new Date(input.validUntil),
        };
        this.assertNotReserved(terms.scopes, contentApi);
        const contract = createContract(randomUUID(), terms, contentApi, now); // throws UnknownScope, UnknownDataset, InvalidValidityPeriod
        await this.contracts.insert(em, contract);
        await this.changes.record(em, ContractCreated, {
          state: toContractState(contract, contentApi.resourceIndicator),
          version: contract.version,
          before: null,
          context,
          at: now,
        });
        return ContractResponse.from(contract);
      }),
    );
  }

  suspend(
    id: string,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<ContractResponse> {
    return this.changeStatus(id, 'suspend', precondition, context);
  }

  reactivate(
    id: string,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<ContractResponse> {
    return this.changeStatus(id, 'reactivate', precondition, context);
  }

  terminate(
    id: string,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<ContractResponse> {
    return this.changeStatus(id, 'terminate', precondition, context);
  }

  /** Scopes, datasets, validity or rate limit; the same rules as signing. */
  async update(
    id: string,
    input: UpdateContract,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<ContractResponse> {
    return this.tx.run(async (em) => {
      const contract = await this.contracts.getForUpdate(em, id); // throws ContractNotFound
      assertPrecondition(precondition, contract.version); // throws PreconditionFailed
      // Share-locked: its datasets cannot be removed while this contract starts naming them.
      const contentApi = await this.contentApis.getForShare(em, contract.contentApiId);
      const now = this.clock.now();
      const changes: ContractChanges = {
        scopes: input.scopes,
        datasets: input.datasets,
        validFrom: input.validFrom === undefined ? undefined : new Date(input.validFrom),
        validUntil:
          input.validUntil === undefined
            ? undefined
            : input.validUntil === null
              ? null
              : new Date(input.validUntil),
        rateLimit:
          input.rateLimit === undefined || input.rateLimit === null
            ? input.rateLimit
            : { requestsPerMinute: input.rateLimit.requestsPerMinute },
      };
      // throws ContractDeleted, IllegalStatusTransition, UnknownScope, UnknownDataset, InvalidValidityPeriod
      this.assertNotReserved(changes.scopes ?? contract.scopes, contentApi);
      const updated = updateContractTerms(contract, changes, contentApi, now);
      if (updated === null) {
        return ContractResponse.from(contract);
      }
      await this.contracts.update(em, updated);
      await this.changes.record(em, ContractUpdated, {
        state: toContractState(updated, contentApi.resourceIndicator),
        version: updated.version,
        before: toContractState(contract, contentApi.resourceIndicator),
        context,
        at: now,
      });
      return ContractResponse.from(updated);
    });
  }

  /** Soft deletion: `deletedAt` is set; the contract covers nothing from then on and takes no more changes. */
  async delete(
    id: string,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<ContractResponse> {
    return this.tx.run(async (em) => {
      const contract = await this.contracts.getForUpdate(em, id); // throws ContractNotFound
      assertPrecondition(precondition, contract.version); // throws PreconditionFailed
      const now = this.clock.now();
      const deleted = deleteContract(contract, now); // throws ContractDeleted
      const { resourceIndicator } = await this.contentApis.getForShare(em, contract.contentApiId);
      await this.contracts.update(em, deleted);
      await this.changes.record(em, ContractDeleted, {
        state: toContractState(deleted, resourceIndicator),
        version: deleted.version,
        before: toContractState(contract, resourceIndicator),
        context,
        at: now,
      });
      return ContractResponse.from(deleted);
    });
  }

  async list(query: ListContractsQuery): Promise<ContractListResponse> {
    const filter: ContractFilter = {
      enterpriseId: query.enterpriseId,
      contentApiId: query.contentApiId,
      status: query.status,
      activeAt: query.activeAt === undefined ? undefined : new Date(query.activeAt),
      includeDeleted: query.includeDeleted,
    };
    return ContractListResponse.from(await this.contracts.list(filter, query));
  }

  async get(id: string): Promise<ContractResponse> {
    const contract = await this.contracts.findById(id);
    if (!contract) {
      throw new ContractNotFound(id);
    }
    return ContractResponse.from(contract);
  }

  private async changeStatus(
    id: string,
    action: ContractStatusAction,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<ContractResponse> {
    return this.tx.run(async (em) => {
      const contract = await this.contracts.getForUpdate(em, id); // throws ContractNotFound
      assertPrecondition(precondition, contract.version); // throws PreconditionFailed
      const now = this.clock.now();
      const changed = transitionContract(contract, action, now); // throws ContractDeleted, IllegalStatusTransition
      const { resourceIndicator } = await this.contentApis.getForShare(em, contract.contentApiId);
      await this.contracts.update(em, changed);
      await this.changes.record(em, STATUS_EVENTS[action], {
        state: toContractState(changed, resourceIndicator),
        version: changed.version,
        before: toContractState(contract, resourceIndicator),
        context,
        at: now,
      });
      return ContractResponse.from(changed);
    });
  }

  /** No contract takes the account service's audience or an `accounts:*` scope (old data included). */
  private assertNotReserved(
    scopes: readonly string[],
    contentApi: { readonly resourceIndicator: string },
  ): void {
    const reserved = reservedInContract(scopes, contentApi, this.config.AUTH_AUDIENCE);
    if (reserved.length > 0) {
      throw new ReservedForAccountService(reserved);
    }
  }
}
