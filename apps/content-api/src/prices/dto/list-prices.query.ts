import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/dto/page.query.js';
import { ASSET_CLASSES, type AssetClass } from '../domain/prices.data.js';

export class ListPricesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ASSET_CLASSES, description: 'Only quotes of this asset class.' })
  @IsOptional()
  @IsIn(ASSET_CLASSES, { message: `must be one of ${ASSET_CLASSES.join(', ')}` })
  assetClass?: AssetClass;
}
