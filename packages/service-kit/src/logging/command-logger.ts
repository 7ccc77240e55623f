import { inspect } from 'node:util';
import { Logger, type LoggerService } from '@nestjs/common';

/**
 * For operator commands, whose stdout carries their JSON result: Nest log lines (warn and worse)
 * go to stderr, one line each; the rest is dropped.
 */
export function logCommandToStderr(): void {
  const write =
    (level: string) =>
    (...parts: unknown[]): void => {
      const text = parts
        .map((part) =>
          typeof part === 'string' ? part : inspect(part, { depth: 3, breakLength: Infinity }),
        )
        .join(' ');
      process.stderr.write(`${level}: ${text}\n`);
    };
  const drop = (): void => undefined;
  const logger: LoggerService = {
    log: drop,
    debug: drop,
    verbose: drop,
    warn: write('warn'),
    error: write('error'),
    fatal: write('fatal'),
  };
  Logger.overrideLogger(logger);
}
