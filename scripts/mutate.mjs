// `pnpm mutate [module ...]`: StrykerJS over the modules that hold Charter's access checks
// (scripts/mutation/modules.mjs), one after the other, then one summary line per module.
// Reports: reports/mutation/<module>/index.html (and mutation.json). Not part of CI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MODULES } from './mutation/modules.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2).filter((arg) => arg !== '--');
// `--summary`: print the lines from the reports already there, run nothing.
const summaryOnly = args.includes('--summary');
const requested = args.filter((arg) => arg !== '--summary');
const unknown = requested.filter((name) => !(name in MODULES));
if (unknown.length > 0) {
  console.error(
    `unknown module ${unknown.join(', ')}; modules: ${Object.keys(MODULES).join(', ')}`,
  );
  process.exit(2);
}
if (summaryOnly) {
  const names = requested.length > 0 ? requested : Object.keys(MODULES);
  const present = names.filter((name) =>
    existsSync(`${root}reports/mutation/${name}/mutation.json`),
  );
  console.log(
    present.map((name) => summaryLine(name)).join('\n') || 'no report yet under reports/mutation/',
  );
  process.exit(0);
}
for (const variable of ['DATABASE_URL', 'NATS_URL']) {
  if (!process.env[variable]) {
    console.error(
      `${variable} is not set: the integration tests need PostgreSQL and NATS JetStream ` +
        '(for example DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres NATS_URL=nats://127.0.0.1:4222)',
    );
    process.exit(2);
  }
}
// Tests that start a service as a child process (the account service's auth-server) run its build.
for (const app of ['auth-server', 'account-service', 'content-api']) {
  if (!existsSync(`${root}apps/${app}/dist/main.js`)) {
    console.error(`apps/${app}/dist is missing: run "pnpm build" first`);
    process.exit(2);
  }
}

const names = requested.length > 0 ? requested : Object.keys(MODULES);
const lines = [];
let failed = false;
const started = Date.now();
for (const name of names) {
  const moduleStarted = Date.now();
  const run = spawnSync(
    `${root}node_modules/.bin/stryker`,
    ['run', 'scripts/mutation/stryker.config.mjs'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, MUTATE_MODULE: name } },
  );
  const seconds = Math.round((Date.now() - moduleStarted) / 1000);
  if (run.status !== 0) {
    failed = true;
    lines.push(
      `${name.padEnd(24)} FAILED (stryker exited ${run.status ?? run.signal}) after ${duration(seconds)}`,
    );
    continue;
  }
  lines.push(summaryLine(name, seconds));
  console.log(`\n${lines.at(-1)}\n`);
}
const total = Math.round((Date.now() - started) / 1000);
lines.push(`${'total'.padEnd(24)} ${duration(total)}`);
mkdirSync(`${root}reports/mutation`, { recursive: true });
writeFileSync(
  `${root}reports/mutation/summary.txt`,
  `${new Date().toISOString()}\n${lines.join('\n')}\n`,
);
console.log(
  `\nmutation score per module (reports/mutation/<module>/index.html):\n${lines.join('\n')}`,
);
process.exit(failed ? 1 : 0);

/** One line from Stryker's JSON report: the score counts killed and timed-out mutants as detected. */
function summaryLine(name, seconds) {
  const report = JSON.parse(readFileSync(`${root}reports/mutation/${name}/mutation.json`, 'utf8'));
  const count = {};
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) {
      count[mutant.status] = (count[mutant.status] ?? 0) + 1;
    }
  }
  const n = (status) => count[status] ?? 0;
  const detected = n('Killed') + n('Timeout');
  const valid = detected + n('Survived') + n('NoCoverage');
  const score = valid === 0 ? 100 : (100 * detected) / valid;
  return [
    name.padEnd(24),
    `${score.toFixed(1).padStart(5)} %`,
    `killed ${n('Killed')}, timeout ${n('Timeout')}, survived ${n('Survived')}, no coverage ${n('NoCoverage')}`,
    `(ignored ${n('Ignored')}, compile errors ${n('CompileError')})`,
    seconds === undefined ? `report of ${reportDate(name)}` : duration(seconds),
  ].join('  ');
}

function reportDate(name) {
  return statSync(`${root}reports/mutation/${name}/mutation.json`).mtime.toISOString().slice(0, 16);
}

function duration(seconds) {
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}
