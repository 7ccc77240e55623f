import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeEach, expect } from 'vitest';

/**
 * Service logs stay out of the test output. Every test file gets its own log file
 * (`<tmp>/charter-test-logs/<run>/<test file>.log`): `createTestContext` hands it to the
 * services a test runs in-process as LOG_FILE. When a test fails, the lines written while it
 * ran are printed under it; a passing test prints none.
 */
const run = process.env.CHARTER_TEST_RUN ?? `${Date.now()}-${process.pid}`;
const testPath = expect.getState().testPath ?? 'unknown';
const logFile = join(
  tmpdir(),
  'charter-test-logs',
  run,
  `${relative(process.cwd(), testPath).replaceAll(/[\\/]/g, '__')}.log`,
);
process.env.CHARTER_TEST_LOG_FILE = logFile;

/** At most this much of a failing test's log is printed (its last part). */
const PRINTED_BYTES = 16_384;

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function readFrom(file: string, start: number): string {
  const end = sizeOf(file);
  const from = Math.max(start, end - PRINTED_BYTES);
  if (end <= from) {
    return '';
  }
  const buffer = Buffer.alloc(end - from);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, from);
  } finally {
    closeSync(fd);
  }
  return `${from > start ? '…\n' : ''}${buffer.toString('utf8')}`;
}

beforeEach(({ onTestFailed }) => {
  const start = sizeOf(logFile);
  onTestFailed(() => {
    const lines = readFrom(logFile, start);
    if (lines !== '') {
      console.error(`service logs while this test ran (all of them: ${logFile}):\n${lines}`);
    }
  });
});
