import { type Page, pageOf, type PageRequest } from '../../common/domain/page.js';
import { ALL_DATASETS, type Coverage, covers } from '@charter/resource-server';
import type { Dataset } from '../../datasets.js';
import type { AssetClass, Price } from './prices.data.js';

export interface PriceFilter extends PageRequest {
  readonly assetClass?: AssetClass;
}

/** The dataset a quote belongs to: indices count as equities. */
export const DATASET_OF_ASSET_CLASS: Readonly<Record<AssetClass, Dataset>> = {
  equity: 'equities',
  index: 'equities',
  fx: 'fx',
  commodity: 'commodities',
};

/** The page of quotes (by symbol) of the asset class, if one is asked for, that the coverage covers. */
export function selectPrices(
  prices: readonly Price[],
  filter: PriceFilter,
  coverage: Coverage = ALL_DATASETS,
): Page<Price> {
  const { assetClass } = filter;
  const matching = prices.filter(
    (price) =>
      (assetClass === undefined || price.assetClass === assetClass) &&
      covers(coverage, [DATASET_OF_ASSET_CLASS[price.assetClass]]),
  );
  return pageOf(matching, filter);
}
