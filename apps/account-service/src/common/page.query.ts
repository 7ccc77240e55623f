import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PAGE_LIMIT } from './domain/page.js';

/** `limit=25` arrives as a string; only plain digits become a number (anything else fails @IsInt). */
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^[0-9]{1,6}$/.test(value) ? Number(value) : value;

/** `limit` and `cursor` of every list. */
export class PageQuery {
  @ApiPropertyOptional({
    minimum: PAGE_LIMIT.min,
    maximum: PAGE_LIMIT.max,
    default: PAGE_LIMIT.default,
    description: 'Items per page',
  })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(PAGE_LIMIT.min)
  @Max(PAGE_LIMIT.max)
  limit: number = PAGE_LIMIT.default;

  @ApiPropertyOptional({
    description:
      'Opaque: the `nextCursor` of the previous page, with the same `sort` (and the same filters)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  cursor?: string;
}

/** `includeDeleted=true` arrives as a string; only `true` and `false` become booleans (anything else fails @IsBoolean). */
const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** A list of soft-deletable resources: deleted ones are hidden unless asked for. */
export class IncludeDeletedQuery extends PageQuery {
  @ApiPropertyOptional({
    default: false,
    description: 'Also list deleted ones (they carry `deletedAt`)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  includeDeleted: boolean = false;
}
