import {
  CallerCoverage,
  covers,
  DatasetNotCovered,
  type Principal,
} from '@charter/resource-server';
import { Injectable } from '@nestjs/common';
import { PRICES } from './domain/prices.data.js';
import { DATASET_OF_ASSET_CLASS, selectPrices } from './domain/select-prices.js';
import type { ListPricesQuery } from './dto/list-prices.query.js';
import { PriceListResponse } from './dto/price.response.js';

/** Quotes as far as the caller's contract covers their datasets. */
@Injectable()
export class PricesService {
  constructor(private readonly coverage: CallerCoverage) {}

  list(caller: Principal, query: ListPricesQuery): PriceListResponse {
    const coverage = this.coverage.of(caller);
    if (query.assetClass !== undefined) {
      const dataset = DATASET_OF_ASSET_CLASS[query.assetClass];
      if (!covers(coverage, [dataset])) {
        throw new DatasetNotCovered(dataset);
      }
    }
    return PriceListResponse.from(selectPrices(PRICES, query, coverage));
  }
}
