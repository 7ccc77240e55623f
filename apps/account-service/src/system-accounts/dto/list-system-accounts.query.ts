import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IncludeDeletedQuery } from '../../common/page.query.js';
import type { SystemAccountStatus } from '../domain/system-account.js';

export const SYSTEM_ACCOUNT_SORTS = ['createdAt', '-createdAt', 'name', '-name'] as const;
const STATUSES: readonly SystemAccountStatus[] = ['active', 'disabled'];

export class ListSystemAccountsQuery extends IncludeDeletedQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the accounts of this enterprise' })
  @IsOptional()
  @IsUUID('all')
  enterpriseId?: string;

  @ApiPropertyOptional({ enum: STATUSES, description: 'Only accounts in this status' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: SystemAccountStatus;

  @ApiPropertyOptional({
    enum: SYSTEM_ACCOUNT_SORTS,
    default: 'createdAt',
    description: '`-` sorts descending',
  })
  @IsOptional()
  @IsIn(SYSTEM_ACCOUNT_SORTS)
  sort: (typeof SYSTEM_ACCOUNT_SORTS)[number] = 'createdAt';
}
