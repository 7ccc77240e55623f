import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

export const REQUESTS_PER_MINUTE_MAX = 1_000_000;

export class RateLimitDto {
  @ApiProperty({
    minimum: 1,
    maximum: REQUESTS_PER_MINUTE_MAX,
    example: 600,
    description:
      'Requests per minute for all of the contract’s callers together, enforced by each content API instance with a token bucket (bursts up to this many)',
  })
  @IsInt()
  @Min(1)
  @Max(REQUESTS_PER_MINUTE_MAX)
  requestsPerMinute!: number;
}
