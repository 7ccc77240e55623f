import type { UsageCount } from '@charter/events';

const MINUTE_MS = 60_000;
/** Joins a key's parts: none of them can hold a newline (ids, dataset and outcome names). */
const SEPARATOR = '\n';

/**
 * Requests counted in memory by minute, contract, client, dataset and outcome, until drained
 * for a flush. One map increment per request; no I/O. Holds at most `maxKeys` distinct keys
 * between two flushes: past that, a request is only counted in `dropped` (the flush logs it),
 * so a flood of distinct keys cannot grow memory without bound.
 */
export class UsageTally {
  private counts = new Map<string, number>();
  private droppedSinceDrain = 0;

  constructor(private readonly maxKeys: number) {}

  add(contractId: string, clientId: string, dataset: string, outcome: string, atMs: number): void {
    const minute = atMs - (atMs % MINUTE_MS);
    const key = `${minute}${SEPARATOR}${contractId}${SEPARATOR}${clientId}${SEPARATOR}${dataset}${SEPARATOR}${outcome}`;
    const current = this.counts.get(key);
    if (current !== undefined) {
      this.counts.set(key, current + 1);
    } else if (this.counts.size < this.maxKeys) {
      this.counts.set(key, 1);
    } else {
      this.droppedSinceDrain += 1;
    }
  }

  /** Distinct keys held now. */
  get size(): number {
    return this.counts.size;
  }

  /** Takes everything counted so far (and how many requests could not be), leaving the tally empty. */
  drain(): { readonly counts: UsageCount[]; readonly dropped: number } {
    const taken = this.counts;
    const dropped = this.droppedSinceDrain;
    this.counts = new Map();
    this.droppedSinceDrain = 0;
    const counts: UsageCount[] = [];
    for (const [key, count] of taken) {
      const [minute, contractId, clientId, dataset, outcome] = key.split(SEPARATOR) as [
        string,
        string,
        string,
        string,
        string,
      ];
      counts.push({
        contractId,
        clientId,
        dataset,
        outcome,
        minute: new Date(Number(minute)).toISOString(),
        count,
      });
    }
    return { counts, dropped };
  }
}

/** Cuts a flush into batches of at most `size` counts. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}
