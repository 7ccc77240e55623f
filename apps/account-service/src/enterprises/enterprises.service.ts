import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  EnterpriseClosed,
  EnterpriseCreated,
  EnterpriseReactivated,
  EnterpriseSuspended,
  EnterpriseUpdated,
} from '@charter/events';
import { Clock, TransactionRunner } from '@charter/service-kit';
import { ChangeRecorder } from '../audit/change-recorder.js';
import type { RequestContext } from '../common/request-context.js';
import {
  assertPrecondition,
  type VersionPrecondition,
} from '../common/domain/version-precondition.js';
import type { IdempotentRequest } from '../idempotency/domain/idempotent-request.js';
import { IdempotencyStore } from '../idempotency/idempotency.store.js';
import {
  createEnterprise,
  type EnterpriseContact,
  type Metadata,
  updateEnterprise,
} from './domain/enterprise.js';
import { type EnterpriseStatusAction, transitionEnterprise } from './domain/enterprise-status.js';
import { EnterpriseListResponse, EnterpriseResponse } from './dto/enterprise.response.js';
import { toEnterpriseState } from './enterprise-state.js';
import { EnterpriseNotFound } from './enterprise.errors.js';
import { EnterprisesRepository } from './enterprises.repository.js';
import type { ListEnterprisesQuery } from './dto/list-enterprises.query.js';

/** A contact as the API takes it: the optional members may be left out. */
export interface ContactInput {
  readonly name?: string | null;
  readonly email: string;
  readonly phone?: string | null;
  readonly role?: string | null;
}

export interface CreateEnterprise {
  readonly name: string;
  readonly businessId: string;
  readonly contacts?: readonly ContactInput[];
  readonly metadata?: Metadata;
}

export interface UpdateEnterprise {
  readonly name?: string;
  readonly contacts?: readonly ContactInput[];
  readonly metadata?: Metadata;
}

/** The event each status action emits. */
const STATUS_EVENTS = {
  suspend: EnterpriseSuspended,
  reactivate: EnterpriseReactivated,
  close: EnterpriseClosed,
} as const satisfies Record<EnterpriseStatusAction, unknown>;

@Injectable()
export class EnterprisesService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly enterprises: EnterprisesRepository,
    private readonly changes: ChangeRecorder,
    private readonly idempotency: IdempotencyStore,
    private readonly clock: Clock,
  ) {}

  async create(
    input: CreateEnterprise,
    idempotency: IdempotentRequest | null,
    context: RequestContext,
  ): Promise<EnterpriseResponse> {
    return this.tx.run((em) =>
      this.idempotency.once(em, idempotency, 201, async () => {
        const now = this.clock.now();
        const enterprise = createEnterprise(
          randomUUID(),
          {
            name: input.name,
            businessId: input.businessId,
            contacts: input.contacts?.map(toContact),
            metadata: input.metadata,
          },
          now,
        );
        await this.enterprises.insert(em, enterprise); // throws EnterpriseExists
        await this.changes.record(em, EnterpriseCreated, {
          state: toEnterpriseState(enterprise),
          version: enterprise.version,
          before: null,
          context,
          at: now,
        });
        return EnterpriseResponse.from(enterprise);
      }),
    );
  }

  /** Changes name, contacts or metadata; a change to nothing answers the enterprise as it is, with no event. */
  async update(
    id: string,
    input: UpdateEnterprise,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<EnterpriseResponse> {
    return this.tx.run(async (em) => {
      const enterprise = await this.enterprises.getForUpdate(em, id); // throws EnterpriseNotFound
      assertPrecondition(precondition, enterprise.version); // throws PreconditionFailed
      const now = this.clock.now();
      const updated = updateEnterprise(
        enterprise,
        {
          name: input.name,
          contacts: input.contacts?.map(toContact),
          metadata: input.metadata,
        },
        now,
      ); // throws EnterpriseNotActive (closed)
      if (updated === null) {
        return EnterpriseResponse.from(enterprise);
      }
      await this.enterprises.update(em, updated);
      await this.changes.record(em, EnterpriseUpdated, {
        state: toEnterpriseState(updated),
        version: updated.version,
        before: toEnterpriseState(enterprise),
        context,
        at: now,
      });
      return EnterpriseResponse.from(updated);
    });
  }

  suspend(
    id: string,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<EnterpriseResponse> {
    return this.changeStatus(id, 'suspend', precondition, context);
  }

  reactivate(
    id: string,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<EnterpriseResponse> {
    return this.changeStatus(id, 'reactivate', precondition, context);
  }

  close(
    id: string,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<EnterpriseResponse> {
    return this.changeStatus(id, 'close', precondition, context);
  }

  async list(query: ListEnterprisesQuery): Promise<EnterpriseListResponse> {
    return EnterpriseListResponse.from(
      await this.enterprises.list({ status: query.status }, query),
    );
  }

  async get(id: string): Promise<EnterpriseResponse> {
    const enterprise = await this.enterprises.findById(id);
    if (!enterprise) {
      throw new EnterpriseNotFound(id);
    }
    return EnterpriseResponse.from(enterprise);
  }

  private async changeStatus(
    id: string,
    action: EnterpriseStatusAction,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<EnterpriseResponse> {
    return this.tx.run(async (em) => {
      const enterprise = await this.enterprises.getForUpdate(em, id); // throws EnterpriseNotFound
      assertPrecondition(precondition, enterprise.version); // throws PreconditionFailed
      const now = this.clock.now();
      const changed = transitionEnterprise(enterprise, action, now); // throws IllegalEnterpriseTransition
      await this.enterprises.update(em, changed);
      await this.changes.record(em, STATUS_EVENTS[action], {
        state: toEnterpriseState(changed),
        version: changed.version,
        before: toEnterpriseState(enterprise),
        context,
        at: now,
      });
      return EnterpriseResponse.from(changed);
    });
  }
}

function toContact(input: ContactInput): EnterpriseContact {
  return {
    name: input.name ?? null,
    email: input.email,
    phone: input.phone ?? null,
    role: input.role ?? null,
  };
}
