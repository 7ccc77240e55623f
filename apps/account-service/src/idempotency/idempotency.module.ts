import { Global, Module } from '@nestjs/common';
import { IdempotencyStore } from './idempotency.store.js';

/** `Idempotency-Key` on creates: the store every create runs through. */
@Global()
@Module({
  providers: [IdempotencyStore],
  exports: [IdempotencyStore],
})
export class IdempotencyModule {}
