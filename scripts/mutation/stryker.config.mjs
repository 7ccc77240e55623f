// StrykerJS configuration for one module of `pnpm mutate` (see modules.mjs); the
// module comes from MUTATE_MODULE, set by scripts/mutate.mjs.
import { MODULES } from './modules.mjs';

const name = process.env.MUTATE_MODULE ?? '';
const module = MODULES[name];
if (!module) {
  throw new Error(`MUTATE_MODULE must name a module: ${Object.keys(MODULES).join(', ')}`);
}
const reports = `reports/mutation/${name}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'pnpm',
  testRunner: 'vitest',
  vitest: { configFile: 'scripts/mutation/vitest.config.mjs', related: false },
  checkers: ['typescript'],
  tsconfigFile: module.tsconfig,
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // A folder glob would take the unit specs beside the code too: tests are never mutated.
  mutate: [...module.mutate, '!**/*.spec.ts'],
  testFiles: module.tests,
  // Tests run only where a mutant is reached, and each test only for the mutants it reaches.
  coverageAnalysis: 'perTest',
  // The machine is shared: one test runner beside the type checker (MUTATE_CONCURRENCY=3 for two).
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 1),
  // An integration test boots the application: give a slow machine room before calling a mutant a timeout.
  timeoutMS: 20_000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 20,
  // A mutant reached only while a module loads forces a reload and the whole test list: too slow to be worth it here.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `${reports}/incremental.json`,
  // The sandbox gets its own node_modules, linked to the sandbox's packages: a pnpm workspace's
  // links are relative, so the project's own node_modules would lead back to the unmutated sources.
  symlinkNodeModules: false,
  buildCommand: 'pnpm install --offline --frozen-lockfile --reporter=silent',
  ignorePatterns: ['/reports', '/coverage', '/bench/results', '/test-output', '/.stryker-tmp'],
  tempDirName: '.stryker-tmp',
  reporters: ['html', 'json', 'progress', 'clear-text'],
  htmlReporter: { fileName: `${reports}/index.html` },
  jsonReporter: { fileName: `${reports}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false },
  thresholds: { high: 85, low: 70, break: null },
  plugins: ['@stryker-mutator/vitest-runner', '@stryker-mutator/typescript-checker'],
};
