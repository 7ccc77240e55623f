import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Stores a projection row unless the stored one is already at this version or
 * later: a redelivered or stale event changes nothing. Returns whether it wrote.
 */
export async function upsertIfNewer<T extends ObjectLiteral & { id: string; version: number }>(
  em: EntityManager,
  target: EntityTarget<T>,
  row: T,
): Promise<boolean> {
  const existing = await em.getRepository(target).findOne({
    where: { id: row.id } as never,
    lock: { mode: 'pessimistic_write' },
  });
  if (existing && existing.version >= row.version) {
    return false;
  }
  await em.getRepository(target).upsert(row, ['id']);
  return true;
}
