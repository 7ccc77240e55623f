import { IllegalStatusTransition } from '../contract.errors.js';
import { assertContractNotDeleted, type Contract, type ContractStatus } from './contract.js';

/** What an admin can do to a contract's status. */
export type ContractStatusAction = 'suspend' | 'reactivate' | 'terminate';

interface Transition {
  readonly from: readonly ContractStatus[];
  readonly to: ContractStatus;
  /** For the error message: "a terminated contract cannot be <pastTense>". */
  readonly pastTense: string;
}

/**
 * The whole status machine. Terminated is final; suspension is reversible.
 * A transition to the status a contract already has is refused (not a no-op), so
 * the caller learns their view was stale and no empty event is emitted.
 */
const TRANSITIONS: Readonly<Record<ContractStatusAction, Transition>> = {
  suspend: { from: ['active'], to: 'suspended', pastTense: 'suspended' },
  reactivate: { from: ['suspended'], to: 'active', pastTense: 'reactivated' },
  terminate: { from: ['active', 'suspended'], to: 'terminated', pastTense: 'terminated' },
};

export function canTransition(status: ContractStatus, action: ContractStatusAction): boolean {
  return TRANSITIONS[action].from.includes(status);
}

/** Applies `action` at `now`: the new status, the next version. Throws ContractDeleted, IllegalStatusTransition. */
export function transitionContract(
  contract: Contract,
  action: ContractStatusAction,
  now: Date,
): Contract {
  assertContractNotDeleted(contract);
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(contract.status)) {
    throw new IllegalStatusTransition(contract.status, transition.pastTense);
  }
  return { ...contract, status: transition.to, version: contract.version + 1, updatedAt: now };
}

export const suspendContract = (contract: Contract, now: Date): Contract =>
  transitionContract(contract, 'suspend', now);
export const reactivateContract = (contract: Contract, now: Date): Contract =>
  transitionContract(contract, 'reactivate', now);
export const terminateContract = (contract: Contract, now: Date): Contract =>
  transitionContract(contract, 'terminate', now);

/**
 * Whether the contract grants access at `at`: not deleted, active, and `at` within
 * [validFrom, validUntil) — the end is exclusive, so a contract ending at midnight
 * grants nothing at midnight.
 */
export function isContractInForce(
  contract: Pick<Contract, 'status' | 'validFrom' | 'validUntil'> &
    Partial<Pick<Contract, 'deletedAt'>>,
  at: Date,
): boolean {
  return (
    (contract.deletedAt ?? null) === null &&
    contract.status === 'active' &&
    contract.validFrom.getTime() <= at.getTime() &&
    (contract.validUntil === null || at.getTime() < contract.validUntil.getTime())
  );
}
