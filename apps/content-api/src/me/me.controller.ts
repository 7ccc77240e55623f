import { CurrentPrincipal, type Principal } from '@charter/resource-server';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { MeResponse } from './dto/me.response.js';

@ApiTags('me')
@ApiBearerAuth()
@Controller('v1/me')
export class MeController {
  @Get()
  @ApiOperation({
    summary:
      'The caller: subject, client, acting party, contract, enterprise and the scopes of this token (any scope)',
  })
  @ApiOkResponse({ type: MeResponse })
  @ApiProblems(401)
  get(@CurrentPrincipal() principal: Principal): MeResponse {
    return MeResponse.from(principal);
  }
}
