import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/page.query.js';

export const CONTENT_API_SORTS = ['createdAt', '-createdAt', 'name', '-name'] as const;

export class ListContentApisQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: CONTENT_API_SORTS,
    default: 'createdAt',
    description: '`-` sorts descending',
  })
  @IsOptional()
  @IsIn(CONTENT_API_SORTS)
  sort: (typeof CONTENT_API_SORTS)[number] = 'createdAt';
}
