import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EnterpriseCreated } from '@charter/events';
import { Clock, TransactionRunner } from '@charter/service-kit';
import { ChangeRecorder } from '../audit/change-recorder.js';
import type { RequestContext } from '../common/request-context.js';
import { createEnterprise } from './domain/enterprise.js';
import { EnterpriseListResponse, EnterpriseResponse } from './dto/enterprise.response.js';
import { toEnterpriseState } from './enterprise-state.js';
import { EnterpriseNotFound } from './enterprise.errors.js';
import { EnterprisesRepository } from './enterprises.repository.js';

export interface CreateEnterprise {
  readonly name: string;
  readonly businessId: string;
}

@Injectable()
export class EnterprisesService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly enterprises: EnterprisesRepository,
    private readonly changes: ChangeRecorder,
    private readonly clock: Clock,
  ) {}

  async create(input: CreateEnterprise, context: RequestContext): Promise<EnterpriseResponse> {
    return this.tx.run(async (em) => {
      const now = this.clock.now();
      const enterprise = createEnterprise(randomUUID(), input, now);
      await this.enterprises.insert(em, enterprise); // throws EnterpriseExists
      await this.changes.record(em, EnterpriseCreated, {
        state: toEnterpriseState(enterprise),
        version: enterprise.version,
        before: null,
        context,
        at: now,
      });
      return EnterpriseResponse.from(enterprise);
    });
  }

  async list(): Promise<EnterpriseListResponse> {
    return EnterpriseListResponse.from(await this.enterprises.list());
  }

  async get(id: string): Promise<EnterpriseResponse> {
    const enterprise = await this.enterprises.findById(id);
    if (!enterprise) {
      throw new EnterpriseNotFound(id);
    }
    return EnterpriseResponse.from(enterprise);
  }
}
