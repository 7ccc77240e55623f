import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../common/page.query.js';

export const CONTENT_API_SORTS = ['createdAt', '-createdAt', 'name', '-name'] as const;

export class ListContentApisQuery extends PageQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Only the content APIs a contract of this enterprise covers (an enterprise admin's list is always their own enterprise's)",
  })
  @IsOptional()
  @IsUUID('all')
  enterpriseId?: string;

  @ApiPropertyOptional({
    enum: CONTENT_API_SORTS,
    default: 'createdAt',
    description: '`-` sorts descending',
  })
  @IsOptional()
  @IsIn(CONTENT_API_SORTS)
  sort: (typeof CONTENT_API_SORTS)[number] = 'createdAt';
}
