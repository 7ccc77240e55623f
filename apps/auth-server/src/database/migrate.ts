import 'reflect-metadata';
import { loadConfigOrExit, openDataSource } from '@charter/service-kit';
import { AuthServerConfig } from '../config/auth-server.config.js';
import { authDatabaseOptions } from './database-options.js';

/** `migration:run`: applies pending migrations of the `auth` schema, then exits. */
const config = loadConfigOrExit(AuthServerConfig, process.env);
const dataSource = await openDataSource(authDatabaseOptions(config));
await dataSource.destroy();
process.stdout.write('auth-server migrations are up to date\n');
