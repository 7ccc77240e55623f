import type { Principal } from '@charter/auth';
import { ApiProperty } from '@nestjs/swagger';

/** Who the token says the caller is, and what its contract lets it read. */
export class MeResponse {
  @ApiProperty({
    example: 'portal-acme',
    description: 'The OAuth client (system account) that holds the token.',
  })
  clientId!: string;

  @ApiProperty({ format: 'uuid' })
  contractId!: string;

  @ApiProperty({ format: 'uuid' })
  enterpriseId!: string;

  @ApiProperty({ example: ['articles:read', 'prices:read'] })
  scopes!: string[];

  @ApiProperty({ format: 'date-time', description: 'When the access token expires.' })
  expiresAt!: string;

  static from(principal: Principal): MeResponse {
    return Object.assign(new MeResponse(), {
      clientId: principal.clientId,
      // The access check has refused any token without a contract before a route runs.
      contractId: principal.contractId ?? '',
      enterpriseId: principal.enterpriseId ?? '',
      scopes: [...principal.scopes],
      expiresAt: principal.expiresAt.toISOString(),
    });
  }
}
