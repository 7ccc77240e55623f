import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ContentApiRegistered, ContentApiUpdated } from '@charter/events';
import { Clock, TransactionRunner } from '@charter/service-kit';
import { ChangeRecorder } from '../audit/change-recorder.js';
import { reservedInContentApi } from '../common/domain/account-service-reservation.js';
import { ReservedForAccountService } from '../common/reserved.errors.js';
import { AccountServiceConfig } from '../config/account-service.config.js';
import type { RequestContext } from '../common/request-context.js';
import type { IdempotentRequest } from '../idempotency/domain/idempotent-request.js';
import { IdempotencyStore } from '../idempotency/idempotency.store.js';
import { toContentApiState } from './content-api-state.js';
import { ContentApiNotFound } from './content-api.errors.js';
import { ContentApisRepository } from './content-apis.repository.js';
import type { ListContentApisQuery } from './dto/list-content-apis.query.js';
import {
  type ContentApiChanges,
  type DatasetDefinition,
  registerContentApi,
  type ScopeDefinition,
  updateContentApi,
} from './domain/content-api.js';
import {
  assertPrecondition,
  type VersionPrecondition,
} from '../common/domain/version-precondition.js';
import { ContentApiListResponse, ContentApiResponse } from './dto/content-api.response.js';

export interface RegisterContentApi {
  readonly name: string;
  readonly resourceIndicator: string;
  readonly scopes: readonly ScopeDefinition[];
  readonly datasets?: readonly DatasetDefinition[];
}

@Injectable()
export class ContentApisService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly contentApis: ContentApisRepository,
    private readonly changes: ChangeRecorder,
    private readonly idempotency: IdempotencyStore,
    private readonly clock: Clock,
    private readonly config: AccountServiceConfig,
  ) {}

  async register(
    input: RegisterContentApi,
    idempotency: IdempotentRequest | null,
    context: RequestContext,
  ): Promise<ContentApiResponse> {
    return this.tx.run((em) =>
      this.idempotency.once(em, idempotency, 201, async () => {
        const reserved = reservedInContentApi(input, this.config.AUTH_AUDIENCE);
        if (reserved.length > 0) {
          throw new ReservedForAccountService(reserved);
        }
        const now = this.clock.now();
        const api = registerContentApi(randomUUID(), input, now);
        await this.contentApis.insert(em, api); // throws ContentApiExists
        await this.changes.record(em, ContentApiRegistered, {
          state: toContentApiState(api),
          version: api.version,
          before: null,
          context,
          at: now,
        });
        return ContentApiResponse.from(api);
      }),
    );
  }

  /** Name or datasets; a dataset a live contract covers stays (409 dataset_in_use). */
  async update(
    id: string,
    input: ContentApiChanges,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<ContentApiResponse> {
    return this.tx.run(async (em) => {
      const api = await this.contentApis.getForUpdate(em, id); // throws ContentApiNotFound
      assertPrecondition(precondition, api.version); // throws PreconditionFailed
      const now = this.clock.now();
      const inUse = await this.contentApis.datasetsCoveredByLiveContracts(em, api.id);
      const updated = updateContentApi(api, input, inUse, now); // throws DatasetInUse
      if (updated === null) {
        return ContentApiResponse.from(api);
      }
      await this.contentApis.update(em, updated);
      await this.changes.record(em, ContentApiUpdated, {
        state: toContentApiState(updated),
        version: updated.version,
        before: toContentApiState(api),
        context,
        at: now,
      });
      return ContentApiResponse.from(updated);
    });
  }

  async list(query: ListContentApisQuery): Promise<ContentApiListResponse> {
    return ContentApiListResponse.from(
      await this.contentApis.list({ coveredFor: query.enterpriseId }, query),
    );
  }

  async get(id: string): Promise<ContentApiResponse> {
    const api = await this.contentApis.findById(id);
    if (!api) {
      throw new ContentApiNotFound(id);
    }
    return ContentApiResponse.from(api);
  }
}
