import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RevocationListPruner } from './revocation-list.pruner.js';
import { RevocationListRepository } from './revocation-list.repository.js';
import { RevokedTokenEntity } from './revoked-token.entity.js';
import { TokenRevocationsConsumer } from './token-revocations.consumer.js';

/** The revocation list, kept from the auth-server's TokenRevoked events and pruned as tokens expire. */
@Module({
  imports: [TypeOrmModule.forFeature([RevokedTokenEntity])],
  providers: [RevocationListRepository, TokenRevocationsConsumer, RevocationListPruner],
  exports: [RevocationListRepository, RevocationListPruner],
})
export class RevocationModule {}
