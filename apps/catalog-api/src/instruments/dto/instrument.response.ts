import { ApiProperty } from '@nestjs/swagger';
import type { Page } from '../../common/domain/page.js';
import {
  INSTRUMENT_KINDS,
  type Instrument,
  type InstrumentKind,
} from '../domain/instruments.data.js';

export class InstrumentResponse {
  @ApiProperty({ example: 'FI0009000681', description: 'ISO 6166 identifier.' })
  isin!: string;

  @ApiProperty({ example: 'Nokia Oyj' })
  name!: string;

  @ApiProperty({ enum: INSTRUMENT_KINDS })
  kind!: InstrumentKind;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217 currency.' })
  currency!: string;

  @ApiProperty({ example: 'XHEL', description: 'ISO 10383 market of the main listing.' })
  mic!: string;

  @ApiProperty({ example: 'Nokia' })
  issuer!: string;

  static from(instrument: Instrument): InstrumentResponse {
    return Object.assign(new InstrumentResponse(), { ...instrument });
  }
}

export class InstrumentListResponse {
  @ApiProperty({ type: [InstrumentResponse] })
  items!: InstrumentResponse[];

  @ApiProperty({ example: 6 })
  total!: number;

  @ApiProperty({ example: 20 })
  limit!: number;

  @ApiProperty({ example: 0 })
  offset!: number;

  static from(page: Page<Instrument>): InstrumentListResponse {
    return Object.assign(new InstrumentListResponse(), {
      items: page.items.map((instrument) => InstrumentResponse.from(instrument)),
      total: page.total,
      limit: page.limit,
      offset: page.offset,
    });
  }
}
