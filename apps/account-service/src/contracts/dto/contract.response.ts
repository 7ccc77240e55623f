import { ApiProperty } from '@nestjs/swagger';
import type { Page } from '../../common/domain/page.js';
import { CONTRACT_STATUSES, type Contract, type ContractStatus } from '../domain/contract.js';

export class RateLimitResponse {
  @ApiProperty({ example: 600 })
  requestsPerMinute!: number;
}

export class ContractResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  enterpriseId!: string;

  @ApiProperty({ format: 'uuid' })
  contentApiId!: string;

  @ApiProperty({ type: [String], example: ['articles:read'] })
  scopes!: string[];

  @ApiProperty({
    type: [String],
    example: ['equities'],
    description: "The content API's datasets the contract covers; empty: all of its data",
  })
  datasets!: string[];

  @ApiProperty({
    type: () => RateLimitResponse,
    nullable: true,
    description: 'null: no rate limit',
  })
  rateLimit!: RateLimitResponse | null;

  @ApiProperty({ format: 'date-time' })
  validFrom!: string;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Exclusive end; null: open-ended',
  })
  validUntil!: string | null;

  @ApiProperty({ enum: CONTRACT_STATUSES })
  status!: ContractStatus;

  @ApiProperty({ description: 'Starts at 1, +1 on every change', example: 1 })
  version!: number;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Set once deleted (soft deletion: final)',
  })
  deletedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(contract: Contract): ContractResponse {
    return Object.assign(new ContractResponse(), {
      id: contract.id,
      enterpriseId: contract.enterpriseId,
      contentApiId: contract.contentApiId,
      scopes: [...contract.scopes],
      datasets: [...contract.datasets],
      rateLimit:
        contract.rateLimit === null
          ? null
          : Object.assign(new RateLimitResponse(), {
              requestsPerMinute: contract.rateLimit.requestsPerMinute,
            }),
      validFrom: contract.validFrom.toISOString(),
      validUntil: contract.validUntil === null ? null : contract.validUntil.toISOString(),
      status: contract.status,
      version: contract.version,
      createdAt: contract.createdAt.toISOString(),
      updatedAt: contract.updatedAt.toISOString(),
      deletedAt: contract.deletedAt === null ? null : contract.deletedAt.toISOString(),
    });
  }
}

export class ContractListResponse {
  @ApiProperty({ type: () => [ContractResponse] })
  items!: ContractResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;

  static from(page: Page<Contract>): ContractListResponse {
    return Object.assign(new ContractListResponse(), {
      items: page.items.map((contract) => ContractResponse.from(contract)),
      nextCursor: page.nextCursor,
    });
  }
}
