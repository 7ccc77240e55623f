import { ApiProperty } from '@nestjs/swagger';
import type { Page } from '../domain/page.js';

/** The paging members every list response carries beside its items. */
export abstract class PageResponse {
  @ApiProperty({ description: 'How many items match, across all pages.', example: 8 })
  total!: number;

  @ApiProperty({ example: 20 })
  limit!: number;

  @ApiProperty({ example: 0 })
  offset!: number;

  protected static pageFields(
    page: Page<unknown>,
  ): Pick<PageResponse, 'total' | 'limit' | 'offset'> {
    return { total: page.total, limit: page.limit, offset: page.offset };
  }
}
