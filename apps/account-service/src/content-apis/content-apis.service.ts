import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ContentApiRegistered } from '@charter/events';
import { Clock, TransactionRunner } from '@charter/service-kit';
import { ChangeRecorder } from '../audit/change-recorder.js';
import type { RequestContext } from '../common/request-context.js';
import type { IdempotentRequest } from '../idempotency/domain/idempotent-request.js';
import { IdempotencyStore } from '../idempotency/idempotency.store.js';
import { toContentApiState } from './content-api-state.js';
import { ContentApiNotFound } from './content-api.errors.js';
import { ContentApisRepository } from './content-apis.repository.js';
import type { ListContentApisQuery } from './dto/list-content-apis.query.js';
import { registerContentApi, type ScopeDefinition } from './domain/content-api.js';
import { ContentApiListResponse, ContentApiResponse } from './dto/content-api.response.js';

export interface RegisterContentApi {
  readonly name: string;
  readonly resourceIndicator: string;
  readonly scopes: readonly ScopeDefinition[];
}

@Injectable()
export class ContentApisService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly contentApis: ContentApisRepository,
    private readonly changes: ChangeRecorder,
    private readonly idempotency: IdempotencyStore,
    private readonly clock: Clock,
  ) {}

  async register(
    input: RegisterContentApi,
    idempotency: IdempotentRequest | null,
    context: RequestContext,
  ): Promise<ContentApiResponse> {
    return this.tx.run((em) =>
      this.idempotency.once(em, idempotency, 201, async () => {
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

  async list(query: ListContentApisQuery): Promise<ContentApiListResponse> {
    return ContentApiListResponse.from(await this.contentApis.list(query));
  }

  async get(id: string): Promise<ContentApiResponse> {
    const api = await this.contentApis.findById(id);
    if (!api) {
      throw new ContentApiNotFound(id);
    }
    return ContentApiResponse.from(api);
  }
}
