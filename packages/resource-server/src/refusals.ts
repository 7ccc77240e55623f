import type { AccessRefusal } from '@charter/auth';

/**
 * Every reason this package refuses a request, in one place (a metric or the usage meter counts
 * by it): the acceptance rule's reasons (`@charter/auth`'s AccessRefusal, answered 401
 * `invalid_token`) and the enforcement's own.
 */
export type EnforcementRefusal =
  | AccessRefusal
  /** The route's datasets are none of the contract's (403 `dataset_not_covered`). */
  | 'dataset_not_covered'
  /** The contract's requests per minute are spent (429 `rate_limited`). */
  | 'rate_limited'
  /** The access state cannot be vouched for (503 `access_state_unavailable`, fail closed). */
  | 'access_state_unavailable';

/** What became of a request that reached the enforcement: served, or refused for one reason. */
export type EnforcementOutcome = 'served' | EnforcementRefusal;
