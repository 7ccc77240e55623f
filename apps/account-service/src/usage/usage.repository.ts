import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ContractEntity } from '../contracts/contract.entity.js';
import type { UsageIncrement, UsageRow, UsageWindow } from './domain/usage-window.js';
import { UsageBatchEntity } from './usage-batch.entity.js';
import { UsageMinuteEntity } from './usage-minute.entity.js';

/** Whose usage a read is about: one contract, or every contract of an enterprise. */
export type UsageOwner = { readonly contractId: string } | { readonly enterpriseId: string };

/** The usage tables: batches counted once, minutes summed. */
@Injectable()
export class UsageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the batch id inside `em`'s transaction: false when it was counted before (a redelivery,
   * a republished batch), and then nothing else may be written for it.
   */
  async claimBatch(
    em: EntityManager,
    batch: { readonly id: string; readonly api: string; readonly instanceId: string },
  ): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .insert()
      .into(UsageBatchEntity)
      .values({ id: batch.id, api: batch.api, instanceId: batch.instanceId })
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length === 1;
  }

  /** Adds the increments (one statement; rows locked in the increments' order). */
  async addCounts(em: EntityManager, increments: readonly UsageIncrement[]): Promise<void> {
    if (increments.length === 0) {
      return;
    }
    const table = em.getRepository(UsageMinuteEntity).metadata.tablePath;
    await em.query(
      `INSERT INTO ${table} (contract_id, minute, api, dataset, client_id, outcome, count)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
       ON CONFLICT (contract_id, minute, api, dataset, client_id, outcome)
       DO UPDATE SET count = ${table}.count + EXCLUDED.count`,
      [
        increments.map((i) => i.contractId),
        increments.map((i) => i.minute),
        increments.map((i) => i.api),
        increments.map((i) => i.dataset),
        increments.map((i) => i.clientId),
        increments.map((i) => i.outcome),
        increments.map((i) => String(i.count)),
      ],
    );
  }

  /**
   * The owner's usage in `[from, to)`, summed per bucket (UTC) and key, oldest first; at most
   * `limit` rows.
   */
  async series(owner: UsageOwner, window: UsageWindow, limit: number): Promise<UsageRow[]> {
    const manager = this.dataSource.manager;
    const usage = manager.getRepository(UsageMinuteEntity).metadata.tablePath;
    const contracts = manager.getRepository(ContractEntity).metadata.tablePath;
    const [ownerJoin, ownerId] =
      'contractId' in owner
        ? ['u.contract_id = $4', owner.contractId]
        : [
            `u.contract_id IN (SELECT c.id FROM ${contracts} c WHERE c.enterprise_id = $4)`,
            owner.enterpriseId,
          ];
    const rows = await manager.query<
      Array<{
        start: Date;
        contractId: string;
        api: string;
        dataset: string;
        clientId: string;
        outcome: string;
        count: string;
      }>
    >(
      `SELECT date_trunc($1, u.minute, 'UTC') AS "start", u.contract_id AS "contractId", u.api,
              u.dataset, u.client_id AS "clientId", u.outcome, sum(u.count)::text AS "count"
         FROM ${usage} u
        WHERE u.minute >= $2 AND u.minute < $3 AND ${ownerJoin}
        GROUP BY 1, 2, 3, 4, 5, 6
        ORDER BY 1, 2, 3, 4, 5, 6
        LIMIT $5`,
      [window.granularity, window.from, window.to, ownerId, limit],
    );
    return rows.map((row) => ({
      start: new Date(row.start).toISOString(),
      contractId: row.contractId,
      api: row.api,
      dataset: row.dataset,
      clientId: row.clientId,
      outcome: row.outcome,
      count: Number(row.count),
    }));
  }
}
