import { DomainError } from '@charter/service-kit';

/** Another enterprise's id, known or not: one answer, so ids cannot be probed. */
export class EnterpriseMismatch extends DomainError<'enterprise_mismatch'> {
  constructor() {
    super('enterprise_mismatch', 'Reports are available for your own enterprise only.');
  }
}
