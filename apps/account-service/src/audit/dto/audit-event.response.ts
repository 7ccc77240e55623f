import { ApiProperty } from '@nestjs/swagger';
import type { Page } from '../../common/domain/page.js';
import type { AuditLogEntity } from '../audit-log.entity.js';

export class AuditActorResponse {
  @ApiProperty({ enum: ['client', 'user', 'system'] })
  type!: string;

  @ApiProperty({ example: 'charter-admin', description: 'A user id, a client id, or `bootstrap`' })
  id!: string;

  @ApiProperty({
    nullable: true,
    type: String,
    description: "The person's email at the time (user actors only)",
  })
  email!: string | null;
}

/** One recorded change; secrets and secret hashes appear only as `[redacted]`. */
export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: () => AuditActorResponse })
  actor!: AuditActorResponse;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The OAuth client of the token that made the change; null for the service itself',
  })
  clientId!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: "The caller's address (through TRUSTED_PROXIES); null for the service itself",
  })
  sourceAddress!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The reason given with a status change',
  })
  reason!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The enterprise the change concerns, if any',
  })
  enterpriseId!: string | null;

  @ApiProperty({ description: 'The event type the change emitted', example: 'ContractSuspended' })
  action!: string;

  @ApiProperty({ example: 'contract' })
  entityType!: string;

  @ApiProperty()
  entityId!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The state before (null for a creation)',
  })
  before!: object | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  after!: object | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Null for changes the service made itself',
  })
  requestId!: string | null;

  @ApiProperty()
  correlationId!: string;

  static from(row: AuditLogEntity): AuditEventResponse {
    return Object.assign(new AuditEventResponse(), {
      id: row.id,
      at: row.at.toISOString(),
      actor: Object.assign(new AuditActorResponse(), {
        type: row.actorType,
        id: row.actorId,
        email: row.actorEmail,
      }),
      clientId: row.clientId,
      sourceAddress: row.sourceAddress,
      reason: row.reason,
      enterpriseId: row.enterpriseId,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      before: row.before,
      after: row.after,
      requestId: row.requestId,
      correlationId: row.correlationId,
    });
  }
}

export class AuditEventListResponse {
  @ApiProperty({ type: () => [AuditEventResponse] })
  items!: AuditEventResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;

  static from(page: Page<AuditLogEntity>): AuditEventListResponse {
    return Object.assign(new AuditEventListResponse(), {
      items: page.items.map((row) => AuditEventResponse.from(row)),
      nextCursor: page.nextCursor,
    });
  }
}
