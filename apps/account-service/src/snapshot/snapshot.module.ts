import { Module } from '@nestjs/common';
import { SystemAccountsModule } from '../system-accounts/system-accounts.module.js';
import { SnapshotRepository } from './snapshot.repository.js';
import { SnapshotResponder } from './snapshot.responder.js';
import { SnapshotService } from './snapshot.service.js';

/** Full-state snapshots for consumers that fell behind the stream's retention. */
@Module({
  imports: [SystemAccountsModule],
  providers: [SnapshotRepository, SnapshotService, SnapshotResponder],
})
export class SnapshotModule {}
