import { type Page, pageOf, type PageRequest } from '../../common/domain/page.js';
import type { AssetClass, Price } from './prices.data.js';

export interface PriceFilter extends PageRequest {
  readonly assetClass?: AssetClass;
}

/** The page of quotes (by symbol) of the asset class, if one is asked for. */
export function selectPrices(prices: readonly Price[], filter: PriceFilter): Page<Price> {
  const { assetClass } = filter;
  const matching =
    assetClass === undefined ? prices : prices.filter((price) => price.assetClass === assetClass);
  return pageOf(matching, filter);
}
