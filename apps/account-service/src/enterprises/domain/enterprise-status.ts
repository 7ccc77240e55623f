import { IllegalEnterpriseTransition } from '../enterprise.errors.js';
import type { Enterprise, EnterpriseStatus } from './enterprise.js';

/** What an admin can do to an enterprise's status. */
export type EnterpriseStatusAction = 'suspend' | 'reactivate' | 'close';

interface Transition {
  readonly from: readonly EnterpriseStatus[];
  readonly to: EnterpriseStatus;
  /** For the error message: "a closed enterprise cannot be <pastTense>". */
  readonly pastTense: string;
}

/**
 * The whole status machine. Closed is final; suspension is reversible. A move to
 * the status the enterprise already has is refused (not a no-op), so the caller
 * learns their view was stale and no empty event is emitted.
 */
const TRANSITIONS: Readonly<Record<EnterpriseStatusAction, Transition>> = {
  suspend: { from: ['active'], to: 'suspended', pastTense: 'suspended' },
  reactivate: { from: ['suspended'], to: 'active', pastTense: 'reactivated' },
  close: { from: ['active', 'suspended'], to: 'closed', pastTense: 'closed' },
};

export function canTransitionEnterprise(
  status: EnterpriseStatus,
  action: EnterpriseStatusAction,
): boolean {
  return TRANSITIONS[action].from.includes(status);
}

/** Applies `action` at `now`: the new status, the next version. Throws IllegalEnterpriseTransition. */
export function transitionEnterprise(
  enterprise: Enterprise,
  action: EnterpriseStatusAction,
  now: Date,
): Enterprise {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(enterprise.status)) {
    throw new IllegalEnterpriseTransition(enterprise.status, transition.pastTense);
  }
  return { ...enterprise, status: transition.to, version: enterprise.version + 1, updatedAt: now };
}
