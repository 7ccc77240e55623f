import { Body, Controller, Get, Headers, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@charter/service-kit';
import { type UserInfoResponse, UserInfoService } from './userinfo.service.js';

interface UserInfoReply {
  status(code: number): UserInfoReply;
  header(name: string, value: string): UserInfoReply;
  send(body: unknown): unknown;
}

/** OpenID Connect Core §5.3: GET and POST. */
@ApiExcludeController()
@Public()
@Controller('userinfo')
export class UserInfoController {
  constructor(private readonly service: UserInfoService) {}

  @Get()
  async get(
    @Headers('authorization') authorization: string | undefined,
    @Headers('dpop') dpop: string | undefined,
    @Res() reply: UserInfoReply,
  ): Promise<void> {
    send(
      reply,
      await this.service.userInfo({
        method: 'GET',
        authorization,
        dpop,
        contentType: undefined,
        body: undefined,
      }),
    );
  }

  @Post()
  async post(
    @Headers('authorization') authorization: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Headers('dpop') dpop: string | undefined,
    @Body() body: unknown,
    @Res() reply: UserInfoReply,
  ): Promise<void> {
    send(
      reply,
      await this.service.userInfo({ method: 'POST', authorization, dpop, contentType, body }),
    );
  }
}

function send(reply: UserInfoReply, response: UserInfoResponse): void {
  reply.header('Cache-Control', 'no-store');
  if (response.challenge !== undefined) {
    reply.header('WWW-Authenticate', response.challenge);
  }
  if (response.dpopNonce !== undefined) {
    reply.header('DPoP-Nonce', response.dpopNonce);
  }
  reply
    .status(response.status)
    .header('Content-Type', 'application/json')
    .send(JSON.stringify(response.body));
}
