import 'reflect-metadata';
import { loadConfigOrExit, runService } from '@charter/service-kit';
import { createApp } from './app.js';
import { AuthServerConfig } from './config/auth-server.config.js';
import { isKeysCommand, runKeysCommand } from './keys/keys.command.js';
import { isProjectionCommand, runProjectionCommand } from './projection/projection.command.js';

const config = loadConfigOrExit(AuthServerConfig, process.env);
const command = process.argv[2];
if (isKeysCommand(command)) {
  // `keys:rotate [--algorithm <alg>]` / `keys:list` / `keys:rewrap`: an operator command, not the server.
  try {
    await runKeysCommand(config, command, process.argv.slice(3));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
} else if (isProjectionCommand(command)) {
  // `projection:rebuild`: empties the account projection and replays the stream into it.
  await runProjectionCommand(config);
} else if (command !== undefined) {
  process.stderr.write(
    `unknown command ${command}; known: keys:rotate, keys:list, keys:rewrap, projection:rebuild\n`,
  );
  process.exitCode = 2;
} else {
  await runService(config, () => createApp(config));
}
