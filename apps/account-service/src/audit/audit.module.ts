import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { ChangeRecorder } from './change-recorder.js';

/** The audit trail every feature writes through (with the outbox, via ChangeRecorder), and its reads. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [ChangeRecorder, AuditService, AuditRepository],
  exports: [ChangeRecorder],
})
export class AuditModule {}
