import 'reflect-metadata';
import { loadConfigOrExit, openDataSource } from '@charter/service-kit';
import { AccountServiceConfig } from '../config/account-service.config.js';
import { accountDatabaseOptions } from './database-options.js';

// `migration:run`: opening the data source runs every pending migration (migrationsRun).
const config = loadConfigOrExit(AccountServiceConfig, process.env);
const dataSource = await openDataSource(accountDatabaseOptions(config));
await dataSource.destroy();
process.stdout.write('account-service: migrations are up to date\n');
