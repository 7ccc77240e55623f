import { AuthModule } from '@charter/auth';
import { ACCESS_STATUS_CHECK, DPOP_REPLAY_CACHE } from '@charter/auth';
import { EventsModule } from '@charter/events';
import { Clock, DatabaseModule, SystemClock } from '@charter/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessStateSync } from './access/access-state.sync.js';
import { CallerCoverage } from './access/caller-coverage.js';
import { ContractAccessCheck } from './access/contract-access.check.js';
import { ContractEnforcementGuard } from './access/contract-enforcement.guard.js';
import { ContractRateLimiter } from './access/contract-rate-limiter.js';
import { AccessState } from './access/domain/access-state.js';
import { EnforcementOutcomes } from './access/enforcement-outcomes.js';
import type { ContractApiEnv } from './contract-api-env.js';
import {
  ACCESS_STATE_ENTITIES,
  accessStateDatabaseOptions,
} from './database/access-state-database.js';
import { AccountEventsConsumer } from './projection/account-events.consumer.js';
import { AccountProjectionRepository } from './projection/account-projection.repository.js';
import {
  durableNames,
  RESOURCE_SERVER_SETTINGS,
  type ResourceServerModuleOptions,
  type ResourceServerSettings,
} from './resource-server.options.js';
import { SharedDpopReplayCache } from './dpop/shared-dpop-replay-cache.js';
import { UsedDpopProofsPruner } from './dpop/used-dpop-proofs.pruner.js';
import { RevocationListPruner } from './revocation/revocation-list.pruner.js';
import { RevocationListRepository } from './revocation/revocation-list.repository.js';
import { TokenRevocationsConsumer } from './revocation/token-revocations.consumer.js';
import { UsageFlusher } from './usage/usage-flusher.js';
import { UsageMeter } from './usage/usage-meter.js';

/**
 * The contract enforcement guard, in a module of its own imported after AuthModule: Nest applies
 * global guards in the order their modules were scanned, so this one runs after @charter/auth's
 * token and scope guards and sees only requests they let in.
 */
@Module({ providers: [{ provide: APP_GUARD, useClass: ContractEnforcementGuard }] })
class ContractEnforcementModule {}

/**
 * Everything an API needs to serve Charter's contract holders, in one import: its database (the
 * access-state projection, migrated at start), the NATS connection with its event keys,
 * @charter/auth's token acceptance (JWKS, `typ`/`iss`/`aud`/`exp`, scopes, RFC 6750 answers), and
 * the contract enforcement: the acceptance rule over an in-memory access state kept current by
 * events (503 when it cannot be vouched for), the revocation list, dataset coverage, the
 * contract's rate limit, and usage metering (counted in memory, published in batches).
 */
@Module({})
export class ResourceServerModule {
  static forRoot(config: ContractApiEnv, options: ResourceServerModuleOptions): DynamicModule {
    const settings: ResourceServerSettings = {
      name: options.name,
      audience: config.AUTH_AUDIENCE,
      maxStalenessMs: config.ACCESS_STATE_MAX_STALENESS_MS,
      usageFlushIntervalMs: config.USAGE_FLUSH_INTERVAL_MS,
      ...durableNames(options.name),
    };
    return {
      module: ResourceServerModule,
      // The enforcement's providers are read by AuthModule's strategy and by the API's services.
      global: true,
      imports: [
        DatabaseModule.forRoot(accessStateDatabaseOptions(config, options)),
        // Readiness: NATS, and whether the access state can be vouched for (else every request is a 503).
        EventsModule.forRoot(config.natsOptions(options.name), [AccessStateSync]),
        AuthModule.forRoot(config.authOptions()),
        TypeOrmModule.forFeature([...ACCESS_STATE_ENTITIES]),
        ContractEnforcementModule,
      ],
      providers: [
        { provide: RESOURCE_SERVER_SETTINGS, useValue: settings },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: AccessState, useFactory: () => new AccessState() },
        AccountProjectionRepository,
        AccountEventsConsumer,
        RevocationListRepository,
        TokenRevocationsConsumer,
        RevocationListPruner,
        AccessStateSync,
        EnforcementOutcomes,
        { provide: ACCESS_STATUS_CHECK, useClass: ContractAccessCheck },
        CallerCoverage,
        ContractRateLimiter,
        UsageMeter,
        UsageFlusher,
        // RFC 9449 §11.1: a DPoP proof is spent once across every instance (DPOP_REPLAY_STORE).
        ...(config.DPOP_REPLAY_STORE === 'database'
          ? [
              {
                provide: SharedDpopReplayCache,
                useFactory: (dataSource: DataSource) =>
                  new SharedDpopReplayCache(dataSource, options.schema),
                inject: [DataSource],
              },
              { provide: DPOP_REPLAY_CACHE, useExisting: SharedDpopReplayCache },
              UsedDpopProofsPruner,
            ]
          : []),
      ],
      exports: [
        ...(config.DPOP_REPLAY_STORE === 'database' ? [DPOP_REPLAY_CACHE] : []),
        RESOURCE_SERVER_SETTINGS,
        Clock,
        ACCESS_STATUS_CHECK,
        AccessStateSync,
        CallerCoverage,
        ContractRateLimiter,
        EnforcementOutcomes,
        UsageFlusher,
      ],
    };
  }
}
