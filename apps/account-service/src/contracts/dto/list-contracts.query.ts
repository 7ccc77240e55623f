import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IncludeDeletedQuery } from '../../common/page.query.js';
import { IsDateTime } from '../../common/validators.js';
import { CONTRACT_STATUSES, type ContractStatus } from '../domain/contract.js';

export const CONTRACT_SORTS = ['createdAt', '-createdAt', 'validFrom', '-validFrom'] as const;

export class ListContractsQuery extends IncludeDeletedQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the contracts of this enterprise' })
  @IsOptional()
  @IsUUID('all')
  enterpriseId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the contracts for this content API' })
  @IsOptional()
  @IsUUID('all')
  contentApiId?: string;

  @ApiPropertyOptional({ enum: CONTRACT_STATUSES, description: 'Only contracts in this status' })
  @IsOptional()
  @IsIn(CONTRACT_STATUSES)
  status?: ContractStatus;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2025-06-01T00:00:00Z',
    description:
      'Only contracts in force at this instant: not deleted, active, validFrom ≤ activeAt < validUntil (open-ended when null)',
  })
  @IsOptional()
  @IsDateTime()
  activeAt?: string;

  @ApiPropertyOptional({
    enum: CONTRACT_SORTS,
    default: 'createdAt',
    description: '`-` sorts descending',
  })
  @IsOptional()
  @IsIn(CONTRACT_SORTS)
  sort: (typeof CONTRACT_SORTS)[number] = 'createdAt';
}
