import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsDateTime } from '../../common/validators.js';
import { USAGE_GRANULARITIES, type UsageGranularity } from '../domain/usage-window.js';

export class UsageQuery {
  @ApiProperty({
    format: 'date-time',
    example: '2026-12-01T00:00:00Z',
    description: 'Start of the window (inclusive)',
  })
  @IsDateTime()
  from!: string;

  @ApiProperty({
    format: 'date-time',
    example: '2026-12-02T00:00:00Z',
    description: 'End of the window (exclusive); at most 10 080 buckets after `from`',
  })
  @IsDateTime()
  to!: string;

  @ApiPropertyOptional({
    enum: USAGE_GRANULARITIES,
    default: 'hour',
    description: 'Bucket size; buckets start on UTC boundaries',
  })
  @IsOptional()
  @IsIn(USAGE_GRANULARITIES)
  granularity: UsageGranularity = 'hour';
}
