import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  ContentApiSnapshotted,
  ContractSnapshotted,
  EnterpriseSnapshotted,
  type EventDefinition,
  type EventEnvelope,
  type EventMeta,
  OutboxWriter,
  type SnapshotReply,
  SystemAccountSnapshotted,
  UserSnapshotted,
} from '@charter/events';
import { Clock, TransactionRunner } from '@charter/service-kit';
import { toContentApiState } from '../content-apis/content-api-state.js';
import { toContractState } from '../contracts/contract-state.js';
import { toEnterpriseState } from '../enterprises/enterprise-state.js';
import { toSystemAccountState } from '../system-accounts/system-account-state.js';
import { toUserState } from '../users/user-state.js';
import { SnapshotRepository } from './snapshot.repository.js';

/**
 * Writes the current full state of every aggregate (deleted ones too: deletion is soft) to the
 * outbox as snapshot events, in one transaction, each at its aggregate's current version; the relay
 * publishes them like any other event. All share the snapshot id as correlation id.
 */
@Injectable()
export class SnapshotService {
  private readonly logger = new Logger('Snapshot');
  /** Requests arriving while a snapshot is being written share it: any snapshot written after they asked will do. */
  private inFlight?: Promise<SnapshotReply>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly snapshots: SnapshotRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  publish(requestedBy: string): Promise<SnapshotReply> {
    this.inFlight ??= this.write(requestedBy).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async write(requestedBy: string): Promise<SnapshotReply> {
    const snapshotId = randomUUID();
    const meta: EventMeta = {
      actor: { type: 'system', id: 'account-service' },
      correlationId: snapshotId,
      occurredAt: this.clock.now(),
    };
    const events = await this.tx.run(async (em) => {
      const state = await this.snapshots.readAll(em);
      const indicators = new Map(state.contentApis.map((api) => [api.id, api.resourceIndicator]));
      const envelopes: Array<[EventDefinition, EventEnvelope]> = [
        ...state.contentApis.map((api) =>
          snapshotOf(ContentApiSnapshotted, toContentApiState(api), api.version, meta),
        ),
        ...state.enterprises.map((enterprise) =>
          snapshotOf(
            EnterpriseSnapshotted,
            toEnterpriseState(enterprise),
            enterprise.version,
            meta,
          ),
        ),
        ...state.systemAccounts.map((account) =>
          snapshotOf(
            SystemAccountSnapshotted,
            toSystemAccountState(account),
            account.version,
            meta,
          ),
        ),
        ...state.users.map((user) =>
          snapshotOf(UserSnapshotted, toUserState(user), user.version, meta),
        ),
        ...state.contracts.map((contract) =>
          snapshotOf(
            ContractSnapshotted,
            toContractState(contract, indicators.get(contract.contentApiId) ?? ''),
            contract.version,
            meta,
          ),
        ),
      ];
      for (const [definition, envelope] of envelopes) {
        await this.outbox.add(em, definition, envelope);
      }
      return envelopes.length;
    });
    this.logger.log({ snapshotId, events, requestedBy }, 'snapshot written to the outbox');
    return { snapshotId, events };
  }
}

function snapshotOf<D extends EventDefinition>(
  definition: D,
  state: Parameters<D['create']>[0],
  version: number,
  meta: EventMeta,
): [EventDefinition, EventEnvelope] {
  return [definition, definition.create(state, version, meta)];
}
