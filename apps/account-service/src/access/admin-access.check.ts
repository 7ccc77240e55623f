import { Injectable } from '@nestjs/common';
import type { AccessStatusCheck, Principal } from '@charter/auth';
import { SystemAccountsRepository } from '../system-accounts/system-accounts.repository.js';

/**
 * After the token verified: its client must still be an active system account
 * here, the system of record. A client disabled or removed loses the admin API at
 * once, without waiting for its tokens to expire.
 */
@Injectable()
export class AdminAccessCheck implements AccessStatusCheck {
  constructor(private readonly systemAccounts: SystemAccountsRepository) {}

  async check(principal: Principal): Promise<string | null> {
    const status = await this.systemAccounts.statusOfClient(principal.clientId);
    if (status === null) {
      return 'client is unknown';
    }
    if (status === 'deleted') {
      return 'client is deleted';
    }
    return status === 'active' ? null : 'client is disabled';
  }
}
