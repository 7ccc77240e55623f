import { ACCOUNT_EVENTS } from './accounts/index.js';
import { AUTH_EVENTS } from './auth/index.js';
import { USAGE_EVENTS } from './usage/index.js';
import type { EventDefinition } from './define-event.js';

/** Every event of the catalogue, by type: the relay finds here which fields of an event it must seal. */
export const EVENT_CATALOGUE: ReadonlyMap<string, EventDefinition> = new Map([
  ...ACCOUNT_EVENTS,
  ...AUTH_EVENTS,
  ...USAGE_EVENTS,
]);
