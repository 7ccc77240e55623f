import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@charter/service-kit';
import { type AuthorizationServerMetadata, DiscoveryService } from './discovery.service.js';

@ApiExcludeController()
@Public()
@Controller('.well-known')
export class DiscoveryController {
  constructor(private readonly discovery: DiscoveryService) {}

  /** RFC 8414 §3. */
  @Get('oauth-authorization-server')
  @Header('Cache-Control', 'public, max-age=300')
  authorizationServer(): Promise<AuthorizationServerMetadata> {
    return this.discovery.metadata();
  }

  /**
   * OpenID Connect Discovery 1.0 §4 location, with the same RFC 8414 metadata
   * (RFC 8414 §5 allows it) until the OIDC issue adds the OpenID-only members.
   */
  @Get('openid-configuration')
  @Header('Cache-Control', 'public, max-age=300')
  openidConfiguration(): Promise<AuthorizationServerMetadata> {
    return this.discovery.metadata();
  }
}
