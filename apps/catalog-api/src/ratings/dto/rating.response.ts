import { ApiProperty } from '@nestjs/swagger';
import type { Page } from '../../common/domain/page.js';
import type { Rating } from '../domain/ratings.data.js';

export class RatingResponse {
  @ApiProperty({ example: 'Nokia' })
  issuer!: string;

  @ApiProperty({ example: 'BBB', description: 'Long-term rating, AAA to D.' })
  rating!: string;

  @ApiProperty({ enum: ['positive', 'stable', 'negative'] })
  outlook!: Rating['outlook'];

  @ApiProperty({ example: '2025-02-21', description: 'Date of the last rating action.' })
  ratedOn!: string;

  static from(rating: Rating): RatingResponse {
    return Object.assign(new RatingResponse(), { ...rating });
  }
}

export class RatingListResponse {
  @ApiProperty({ type: [RatingResponse] })
  items!: RatingResponse[];

  @ApiProperty({ example: 5 })
  total!: number;

  @ApiProperty({ example: 20 })
  limit!: number;

  @ApiProperty({ example: 0 })
  offset!: number;

  static from(page: Page<Rating>): RatingListResponse {
    return Object.assign(new RatingListResponse(), {
      items: page.items.map((rating) => RatingResponse.from(rating)),
      total: page.total,
      limit: page.limit,
      offset: page.offset,
    });
  }
}
