import { Datasets, Scopes } from '@charter/resource-server';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { pageOf } from '../common/domain/page.js';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { PageQuery } from '../common/dto/page.query.js';
import { RATINGS } from './domain/ratings.data.js';
import { RatingListResponse } from './dto/rating.response.js';

@ApiTags('ratings')
@ApiBearerAuth()
@ApiProblems(
  400,
  401,
  [
    403,
    'The token lacks ratings:read (`insufficient_scope`), or the contract does not cover the ratings dataset (`dataset_not_covered`).',
  ],
  429,
)
@Scopes('ratings:read')
@Datasets('ratings')
@Controller('v1/ratings')
export class RatingsController {
  @Get()
  @ApiOperation({ summary: 'Issuer credit ratings, by issuer (scope ratings:read)' })
  @ApiOkResponse({ type: RatingListResponse })
  list(@Query() query: PageQuery): RatingListResponse {
    return RatingListResponse.from(pageOf(RATINGS, query));
  }
}
