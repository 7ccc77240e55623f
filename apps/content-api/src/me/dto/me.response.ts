import type { Principal } from '@charter/resource-server';
import { ApiProperty } from '@nestjs/swagger';

/** RFC 8693 §4.1 `act`: the party acting for the subject. */
export class ActorResponse {
  @ApiProperty({
    example: 'portal-acme',
    description: 'The acting party (the client that exchanged the token).',
  })
  sub!: string;
}

/** Who the token says the caller is, who acts for them, and what the token lets it read. */
export class MeResponse {
  @ApiProperty({
    example: 'portal-acme',
    description:
      'The token subject: the client itself for client_credentials, the user id for user tokens.',
  })
  subject!: string;

  @ApiProperty({
    example: 'portal-acme',
    description: 'The OAuth client (system account) that holds the token.',
  })
  clientId!: string;

  @ApiProperty({
    type: ActorResponse,
    nullable: true,
    description: 'The acting party after token exchange (RFC 8693 `act`); null otherwise.',
  })
  act!: ActorResponse | null;

  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    description: 'Null for an individual user.',
  })
  contractId!: string | null;

  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    description: 'Null for an individual user.',
  })
  enterpriseId!: string | null;

  @ApiProperty({ example: ['articles:read', 'prices:read'] })
  scopes!: string[];

  @ApiProperty({ format: 'date-time', description: 'When the access token expires.' })
  expiresAt!: string;

  static from(principal: Principal): MeResponse {
    return Object.assign(new MeResponse(), {
      subject: principal.subject,
      clientId: principal.clientId,
      act: principal.actor === undefined ? null : { sub: principal.actor },
      contractId: principal.contractId ?? null,
      enterpriseId: principal.enterpriseId ?? null,
      scopes: [...principal.scopes],
      expiresAt: principal.expiresAt.toISOString(),
    });
  }
}
