import { Datasets, Scopes } from '@charter/resource-server';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { InstrumentListResponse, InstrumentResponse } from './dto/instrument.response.js';
import { ListInstrumentsQuery } from './dto/list-instruments.query.js';
import { InstrumentsService } from './instruments.service.js';

const FORBIDDEN: readonly [number, string] = [
  403,
  'The token lacks instruments:read (`insufficient_scope`), or the contract does not cover the instruments dataset (`dataset_not_covered`).',
];

@ApiTags('instruments')
@ApiBearerAuth()
@ApiProblems(401, FORBIDDEN, 429)
@Scopes('instruments:read')
@Datasets('instruments')
@Controller('v1/instruments')
export class InstrumentsController {
  constructor(private readonly instruments: InstrumentsService) {}

  @Get()
  @ApiOperation({ summary: 'Instrument reference data by ISIN (scope instruments:read)' })
  @ApiOkResponse({ type: InstrumentListResponse })
  @ApiProblems(400)
  list(@Query() query: ListInstrumentsQuery): InstrumentListResponse {
    return this.instruments.list(query);
  }

  @Get(':isin')
  @ApiOperation({ summary: 'One instrument by ISIN (scope instruments:read)' })
  @ApiOkResponse({ type: InstrumentResponse })
  @ApiProblems(404)
  get(@Param('isin') isin: string): InstrumentResponse {
    return this.instruments.get(isin);
  }
}
