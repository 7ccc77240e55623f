import 'reflect-metadata';
import { loadConfigOrExit, runService } from '@charter/service-kit';
import { createApp } from './app.js';
import { AccountServiceConfig } from './config/account-service.config.js';
import { isSnapshotCommand, runSnapshotCommand } from './snapshot/snapshot.command.js';

const config = loadConfigOrExit(AccountServiceConfig, process.env);
const command = process.argv[2];
if (isSnapshotCommand(command)) {
  // `snapshot:publish`: an operator command, not the server.
  await runSnapshotCommand(config);
} else if (command !== undefined) {
  process.stderr.write(`unknown command ${command}; known: snapshot:publish\n`);
  process.exitCode = 2;
} else {
  await runService(config, () => createApp(config));
}
