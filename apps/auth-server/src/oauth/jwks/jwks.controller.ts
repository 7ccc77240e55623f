import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@charter/service-kit';
import { type PublishedJwk, SigningKeys } from '../../keys/signing-keys.service.js';

/** RFC 7517 §5 JWK Set of every signing key not yet expired (public parts only). */
@ApiExcludeController()
@Public()
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  // Successor keys are published a day (at least half a rotation interval) before they sign, so a
  // five-minute cache never hides a key in use.
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): { keys: PublishedJwk[] } {
    return { keys: this.keys.publishedKeys() };
  }
}
