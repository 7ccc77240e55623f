import {
  logCommandToStderr,
  openDataSource,
  SystemClock,
  TransactionRunner,
} from '@charter/service-kit';
import { NatsConnection, type RebuildResult } from '@charter/events';
import type { ContractApiEnv } from '../contract-api-env.js';
import { accessStateDatabaseOptions } from '../database/access-state-database.js';
import { durableNames, type ResourceServerModuleOptions } from '../resource-server.options.js';
import { RevocationListRepository } from '../revocation/revocation-list.repository.js';
import { RevokedTokenEntity } from '../revocation/revoked-token.entity.js';
import { TokenRevocationsConsumer } from '../revocation/token-revocations.consumer.js';
import { AccountEventsConsumer } from './account-events.consumer.js';
import { AccountProjectionRepository } from './account-projection.repository.js';
import { ContractEntity } from './contract.entity.js';
import { EnterpriseEntity } from './enterprise.entity.js';
import { SystemAccountEntity } from './system-account.entity.js';
import { UserEntity } from './user.entity.js';

export const PROJECTION_COMMANDS = ['projection:rebuild'] as const;
export type ProjectionCommand = (typeof PROJECTION_COMMANDS)[number];

export function isProjectionCommand(value: string | undefined): value is ProjectionCommand {
  return (PROJECTION_COMMANDS as readonly string[]).includes(value ?? '');
}

/**
 * `node dist/main.js projection:rebuild`: rebuilds the account projection (ACCOUNTS stream) and the
 * revocation list (AUTH stream) of the API `options.name`, each in one transaction, while the servers
 * keep running (see DurableConsumer.rebuild). Prints JSON on stdout.
 */
export async function runProjectionCommand(
  config: ContractApiEnv,
  options: ResourceServerModuleOptions,
): Promise<void> {
  logCommandToStderr();
  const dataSource = await openDataSource(accessStateDatabaseOptions(config, options));
  const nats = new NatsConnection(config.natsOptions(`${options.name}-projection-rebuild`));
  const durables = durableNames(options.name);
  try {
    await nats.connect();
    const tx = new TransactionRunner(dataSource);
    const accounts = new AccountEventsConsumer(
      nats,
      tx,
      new AccountProjectionRepository(
        dataSource.getRepository(ContractEntity),
        dataSource.getRepository(EnterpriseEntity),
        dataSource.getRepository(UserEntity),
        dataSource.getRepository(SystemAccountEntity),
      ),
      durables,
    );
    const revocations = new TokenRevocationsConsumer(
      nats,
      tx,
      new RevocationListRepository(dataSource.getRepository(RevokedTokenEntity)),
      new SystemClock(),
      durables,
    );
    const results: RebuildResult[] = [await accounts.rebuild(), await revocations.rebuild()];
    process.stdout.write(`${JSON.stringify({ rebuilt: results }, null, 2)}\n`);
  } finally {
    await nats.onApplicationShutdown();
    await dataSource.destroy();
  }
}
