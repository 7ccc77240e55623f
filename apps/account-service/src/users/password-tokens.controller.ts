import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@charter/auth';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { RequestTrace, type Trace } from '../common/change-context.decorator.js';
import { RedeemPasswordTokenDto } from './dto/password-token.dto.js';
import { UsersService } from './users.service.js';

/** The one route a user calls without a token: the password token is the credential. */
@ApiTags('users')
@Controller('v1/password-tokens')
export class PasswordTokensController {
  constructor(private readonly users: UsersService) {}

  @Public()
  @Post('redeem')
  @HttpCode(204)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Set a password with a one-time token (invited → active); no access token needed. Any unusable token is one 400 invalid_password_token.',
  })
  @ApiNoContentResponse({ description: 'The password is set; the token is used up' })
  @ApiProblems(400, 413, 415)
  redeem(@Body() body: RedeemPasswordTokenDto, @RequestTrace() trace: Trace): Promise<void> {
    return this.users.redeemPasswordToken(body.token, body.password, trace);
  }
}
