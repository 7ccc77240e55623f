import { Public } from '@charter/auth';
import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { AuthorizationServerClient } from '../login/authorization-server.client.js';

/** Live: the process answers. Ready: the authorization server's metadata could be read. */
@Public()
@Controller('health')
export class PortalHealthController {
  constructor(private readonly authorizationServer: AuthorizationServerClient) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ok' }> {
    try {
      await this.authorizationServer.server();
      return { status: 'ok' };
    } catch {
      throw new ServiceUnavailableException('the authorization server cannot be reached');
    }
  }
}
