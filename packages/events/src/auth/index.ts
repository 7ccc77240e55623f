import type { EventDefinition } from '../define-event.js';
import { TokenRevoked } from './token.js';

export * from './token.js';

/** The stream the authorization server publishes to. */
export const AUTH_STREAM = { name: 'AUTH', subjects: ['auth.>'] } as const;

/** Every event the authorization server publishes, by type. */
export const AUTH_EVENTS: ReadonlyMap<string, EventDefinition> = new Map(
  [TokenRevoked].map((definition) => [definition.type, definition as EventDefinition]),
);
