import { Injectable } from '@nestjs/common';
import { PRICES } from './domain/prices.data.js';
import { selectPrices } from './domain/select-prices.js';
import type { ListPricesQuery } from './dto/list-prices.query.js';
import { PriceListResponse } from './dto/price.response.js';

@Injectable()
export class PricesService {
  list(query: ListPricesQuery): PriceListResponse {
    return PriceListResponse.from(selectPrices(PRICES, query));
  }
}
