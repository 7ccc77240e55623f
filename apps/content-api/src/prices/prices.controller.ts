import { CurrentPrincipal, type Principal, Scopes } from '@charter/resource-server';
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
  @ApiOperation({
    summary:
      "End-of-day quotes, by symbol (scope prices:read), only the datasets the caller's contract covers; an `assetClass` outside them is 403 `dataset_not_covered`",
  })
  @ApiOkResponse({ type: PriceListResponse })
  @ApiProblems(400, 401, 403)
  list(@CurrentPrincipal() caller: Principal, @Query() query: ListPricesQuery): PriceListResponse {
    return this.prices.list(caller, query);
  }
}
