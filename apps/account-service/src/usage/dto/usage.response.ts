import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  USAGE_GRANULARITIES,
  type UsageGranularity,
  type UsageRow,
} from '../domain/usage-window.js';

export class UsageBucketResponse {
  @ApiProperty({ format: 'date-time', description: 'Start of the bucket (UTC)' })
  start!: string;

  @ApiProperty({ format: 'uuid' })
  contractId!: string;

  @ApiProperty({ example: 'catalog-api', description: 'The API that served or refused' })
  api!: string;

  @ApiProperty({
    example: 'instruments',
    description: "The route's dataset; empty when it names none",
  })
  dataset!: string;

  @ApiProperty({ description: 'The client (system account) that called' })
  clientId!: string;

  @ApiProperty({
    example: 'served',
    description: '`served`, or the refusal reason (`rate_limited`, `dataset_not_covered`, …)',
  })
  outcome!: string;

  @ApiProperty({ example: 1200 })
  count!: number;
}

export class UsageResponse {
  @ApiPropertyOptional({ format: 'uuid', description: 'Set for a contract’s usage' })
  contractId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Set for an enterprise’s usage' })
  enterpriseId?: string;

  @ApiProperty({ format: 'date-time' })
  from!: string;

  @ApiProperty({ format: 'date-time' })
  to!: string;

  @ApiProperty({ enum: USAGE_GRANULARITIES })
  granularity!: UsageGranularity;

  @ApiProperty({
    type: [UsageBucketResponse],
    description: 'Oldest first; buckets with no requests are absent',
  })
  items!: UsageBucketResponse[];

  @ApiProperty({ example: 1200, description: 'Requests served in the window' })
  served!: number;

  @ApiProperty({ example: 3, description: 'Requests refused in the window (any reason)' })
  refused!: number;

  static from(
    owner: { readonly contractId: string } | { readonly enterpriseId: string },
    window: { readonly from: Date; readonly to: Date; readonly granularity: UsageGranularity },
    rows: readonly UsageRow[],
  ): UsageResponse {
    const response = new UsageResponse();
    Object.assign(response, owner);
    response.from = window.from.toISOString();
    response.to = window.to.toISOString();
    response.granularity = window.granularity;
    response.items = rows.map((row) => Object.assign(new UsageBucketResponse(), row));
    response.served = rows.filter((r) => r.outcome === 'served').reduce((n, r) => n + r.count, 0);
    response.refused = rows.filter((r) => r.outcome !== 'served').reduce((n, r) => n + r.count, 0);
    return response;
  }
}
