import type { AccessStatusCheck, Principal } from '@charter/auth';
import { Clock } from '@charter/service-kit';
import { Injectable, Logger } from '@nestjs/common';
import { ContentApiConfig } from '../config/content-api.config.js';
import { AccountProjectionRepository } from '../projection/account-projection.repository.js';
import { RevocationListRepository } from '../revocation/revocation-list.repository.js';
import { accessRefusal, describeRefusal } from './domain/contract-access.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every protected request: is the token revoked, and is its contract in force for this API right now?
 * Read from the projection on each request (no cache), so a suspension applies as soon
 * as its event is projected.
 */
@Injectable()
export class ContractAccessCheck implements AccessStatusCheck {
  private readonly logger = new Logger(ContractAccessCheck.name);

  constructor(
    private readonly projection: AccountProjectionRepository,
    private readonly config: ContentApiConfig,
    private readonly clock: Clock,
    private readonly revocations: RevocationListRepository,
  ) {}

  async check(principal: Principal): Promise<string | null> {
    // Two independent primary-key lookups, side by side on the request's hot path: the
    // revocation list (only unexpired revoked tokens) and the contract. A contract id that
    // is not a UUID names no contract (and must not reach a uuid column).
    const [revoked, contract] = await Promise.all([
      this.revocations.isRevoked(principal.tokenId),
      principal.contractId === undefined || !UUID.test(principal.contractId)
        ? null
        : this.projection.findContract(principal.contractId),
    ]);
    const enterprise =
      contract === null ? null : await this.projection.findEnterprise(contract.enterpriseId);
    const refusal = accessRefusal({
      token: principal,
      contract: contract ?? undefined,
      enterprise: enterprise ?? undefined,
      audience: this.config.AUTH_AUDIENCE,
      now: this.clock.now(),
      revoked,
    });
    if (refusal === null) {
      return null;
    }
    this.logger.log(
      {
        refusal,
        contractId: principal.contractId,
        clientId: principal.clientId,
        jti: principal.tokenId,
      },
      'access refused',
    );
    return describeRefusal(refusal);
  }
}
