import type { EventDefinition } from '../define-event.js';
import { UsageRecorded } from './usage-recorded.js';

export * from './usage-recorded.js';

/** The stream content APIs publish their usage batches to; the account service keeps them. */
export const USAGE_STREAM = { name: 'USAGE', subjects: ['usage.>'] } as const;

/** Every usage event, by type. */
export const USAGE_EVENTS: ReadonlyMap<string, EventDefinition> = new Map(
  [UsageRecorded].map((definition) => [definition.type, definition as EventDefinition]),
);
