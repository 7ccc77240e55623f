import { AccountError } from '../errors/account-error.js';

export class EnterpriseNotFound extends AccountError {
  constructor(id: string, pointer?: string) {
    super(
      'enterprise_not_found',
      `No enterprise ${id}.`,
      pointer === undefined ? undefined : [{ pointer, detail: 'no such enterprise' }],
    );
  }
}

export class EnterpriseExists extends AccountError {
  constructor(businessId: string) {
    super('enterprise_exists', `An enterprise with businessId ${businessId} already exists.`);
  }
}

export class EnterpriseNotActive extends AccountError {
  constructor(id: string, status: string) {
    super('enterprise_not_active', `Enterprise ${id} is ${status}.`);
  }
}

export class IllegalEnterpriseTransition extends AccountError {
  constructor(
    readonly from: string,
    readonly action: string,
  ) {
    super('illegal_status_transition', `A ${from} enterprise cannot be ${action}.`);
  }
}
