import type { Principal } from './principal.js';

/**
 * An app's own decision, from its projection, whether a token that verified is
 * still good now (contract in force, not revoked). Returns the reason to refuse, or null.
 */
export interface AccessStatusCheck {
  check(principal: Principal): Promise<string | null>;
}

/** Provide this from a @Global() module of the app to add the check to every protected route. */
export const ACCESS_STATUS_CHECK = Symbol('ACCESS_STATUS_CHECK');
