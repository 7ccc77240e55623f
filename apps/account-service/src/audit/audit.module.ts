import { Global, Module } from '@nestjs/common';
import { ChangeRecorder } from './change-recorder.js';

/** The audit trail every feature writes through (with the outbox, via ChangeRecorder). */
@Global()
@Module({
  providers: [ChangeRecorder],
  exports: [ChangeRecorder],
})
export class AuditModule {}
