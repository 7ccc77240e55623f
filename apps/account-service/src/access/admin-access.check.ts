import { Injectable, Logger } from '@nestjs/common';
import {
  type AccessStatusCheck,
  describeRefusal,
  type Principal,
  tokenRefusal,
} from '@charter/auth';
import { Clock } from '@charter/service-kit';
import { AccountServiceConfig } from '../config/account-service.config.js';
import { AccountAccessFacts } from './account-access-facts.js';

/**
 * After the token verified: @charter/auth's one acceptance rule, from this service's own
 * tables (the system of record) and the revocation list. A token revoked at the auth-server,
 * a client disabled or deleted, a client secret revoked, a user disabled or deleted, an
 * enterprise suspended or closed: the admin API is refused at once, without waiting for the
 * token to expire. No contract is required here (platform clients and enterprise admins hold
 * none); a contract a token carries is still judged.
 */
@Injectable()
export class AdminAccessCheck implements AccessStatusCheck {
  private readonly logger = new Logger(AdminAccessCheck.name);

  constructor(
    private readonly facts: AccountAccessFacts,
    private readonly config: AccountServiceConfig,
    private readonly clock: Clock,
  ) {}

  async check(principal: Principal): Promise<string | null> {
    const now = this.clock.now();
    const facts = await this.facts.gather(principal, now);
    const refusal = tokenRefusal(principal, facts, {
      audience: this.config.AUTH_AUDIENCE,
      now,
      contracts: 'optional',
    });
    if (refusal === null) {
      return null;
    }
    this.logger.log(
      {
        refusal,
        clientId: principal.clientId,
        credentialId: principal.credentialId,
        subject: principal.subject,
        jti: principal.tokenId,
      },
      'access refused',
    );
    return describeRefusal(refusal);
  }
}
