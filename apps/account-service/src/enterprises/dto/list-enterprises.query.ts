import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/page.query.js';
import { ENTERPRISE_STATUSES, type EnterpriseStatus } from '../domain/enterprise.js';

export const ENTERPRISE_SORTS = ['createdAt', '-createdAt', 'name', '-name'] as const;

export class ListEnterprisesQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ENTERPRISE_STATUSES,
    description: 'Only enterprises in this status',
  })
  @IsOptional()
  @IsIn(ENTERPRISE_STATUSES)
  status?: EnterpriseStatus;

  @ApiPropertyOptional({
    enum: ENTERPRISE_SORTS,
    default: 'createdAt',
    description: '`-` sorts descending',
  })
  @IsOptional()
  @IsIn(ENTERPRISE_SORTS)
  sort: (typeof ENTERPRISE_SORTS)[number] = 'createdAt';
}
