import { Scopes } from '@charter/auth';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { ListPricesQuery } from './dto/list-prices.query.js';
import { PriceListResponse } from './dto/price.response.js';
import { PricesService } from './prices.service.js';

@ApiTags('prices')
@ApiBearerAuth()
@Controller('v1/prices')
export class PricesController {
  constructor(private readonly prices: PricesService) {}

  @Get()
  @Scopes('prices:read')
  @ApiOperation({ summary: 'End-of-day quotes, by symbol (scope prices:read)' })
  @ApiOkResponse({ type: PriceListResponse })
  @ApiProblems(400, 401, 403)
  list(@Query() query: ListPricesQuery): PriceListResponse {
    return this.prices.list(query);
  }
}
