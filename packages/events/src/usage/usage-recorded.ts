import { z } from 'zod';
import { defineEvent } from '../define-event.js';

/** At most this many counts travel in one batch (a meter splits a larger flush): about 150 kB. */
export const MAX_USAGE_COUNTS_PER_BATCH = 1_000;

/** A name the meter counts by (an outcome, an API's name): short, lower-case, no separators to forge. */
const Name = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9_-]*$/);

/** How many requests of one contract, client, dataset and outcome one API instance saw in one minute. */
export const UsageCount = z.object({
  contractId: z.uuid(),
  clientId: z.string().min(1).max(255),
  /** The route's dataset (the first of its `@Datasets()`), or `''` when the route names none. */
  dataset: z.string().max(255),
  /** `served` or the refusal reason (`@charter/resource-server`'s EnforcementOutcome). */
  outcome: Name,
  /** The minute the requests were decided in (UTC, seconds zero). */
  minute: z.iso.datetime({ offset: true }),
  count: z.number().int().positive().max(1_000_000_000),
});
export type UsageCount = z.infer<typeof UsageCount>;

/**
 * One flush of one API instance's usage meter. The batch id is the aggregate id, the event id and
 * the `Nats-Msg-Id`: a publish retried within the stream's duplicate window is stored once, and the
 * account service keeps the id with the counts (in the same transaction), so a batch delivered
 * twice counts once.
 */
export const UsageBatchState = z.object({
  /** The batch id. */
  id: z.uuid(),
  /** The API's name (`ResourceServerModule.forRoot(…, { name })`). */
  api: Name,
  /** The instance that counted (random per process), for operators. */
  instanceId: z.string().min(1).max(64),
  counts: z.array(UsageCount).min(1).max(MAX_USAGE_COUNTS_PER_BATCH),
});
export type UsageBatchState = z.infer<typeof UsageBatchState>;

/** A content API instance flushed its usage counts (`@charter/resource-server`'s meter). */
export const UsageRecorded = defineEvent({
  type: 'UsageRecorded',
  subject: 'usage.batch.recorded',
  schemaVersion: 1,
  aggregateType: 'usage-batch',
  data: UsageBatchState,
});
