import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/dto/page.query.js';
import { INSTRUMENT_KINDS, type InstrumentKind } from '../domain/instruments.data.js';

export class ListInstrumentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INSTRUMENT_KINDS, description: 'Only instruments of this kind.' })
  @IsOptional()
  @IsIn(INSTRUMENT_KINDS, { message: `must be one of ${INSTRUMENT_KINDS.join(', ')}` })
  kind?: InstrumentKind;
}
