import { ApiProperty } from '@nestjs/swagger';
import { PageResponse } from '../../common/dto/page.response.js';
import type { Page } from '../../common/domain/page.js';
import { ASSET_CLASSES, type AssetClass, type Price } from '../domain/prices.data.js';

export class PriceResponse {
  @ApiProperty({ example: 'ACME' })
  symbol!: string;

  @ApiProperty({ example: 'Acme Industrial' })
  name!: string;

  @ApiProperty({ enum: ASSET_CLASSES })
  assetClass!: AssetClass;

  @ApiProperty({ example: 'USD', description: 'ISO 4217 currency of the price.' })
  currency!: string;

  @ApiProperty({ example: '187.42', description: 'Closing price as a decimal string.' })
  close!: string;

  @ApiProperty({ example: '1.35', description: 'Change on the previous close, in percent.' })
  changePercent!: string;

  @ApiProperty({ format: 'date-time', example: '2025-06-13T20:00:00Z' })
  asOf!: string;

  static from(price: Price): PriceResponse {
    return Object.assign(new PriceResponse(), { ...price });
  }
}

export class PriceListResponse extends PageResponse {
  @ApiProperty({ type: [PriceResponse] })
  items!: PriceResponse[];

  static from(page: Page<Price>): PriceListResponse {
    return Object.assign(new PriceListResponse(), {
      items: page.items.map((price) => PriceResponse.from(price)),
      ...PageResponse.pageFields(page),
    });
  }
}
