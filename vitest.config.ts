import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// One name per run, for the service log files of its test files (tools/service-logs.setup.ts).
process.env.CHARTER_TEST_RUN ??= new Date().toISOString().replaceAll(/[:.]/g, '-');

// One run for the whole monorepo: unit specs beside the code, integration tests
// per app (real PostgreSQL and NATS), and the cross-service journeys.
export default defineConfig({
  plugins: [
    swc.vite({
      jsc: { target: 'es2022', transform: { decoratorMetadata: true, legacyDecorator: true } },
    }),
  ],
  resolve: { conditions: ['charter-source'] },
  ssr: { resolve: { conditions: ['charter-source'] } },
  test: {
    reporters: ['default', './tools/closing-line-reporter.ts'],
    setupFiles: ['./tools/service-logs.setup.ts'],
    hookTimeout: 60_000,
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            '{apps,packages}/*/src/**/*.spec.ts',
            'tools/**/*.spec.ts',
            'infra/test/**/*.spec.ts',
          ],
        },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['{apps,packages}/*/test/**/*.int-spec.ts'] },
      },
      { extends: true, test: { name: 'e2e', include: ['packages/e2e/test/**/*.e2e-spec.ts'] } },
      // Real processes on disposable PostgreSQL/NATS, broken on purpose: after the rest, one file at a time.
      {
        extends: true,
        test: {
          name: 'faults',
          include: ['packages/faults/test/**/*.fault-spec.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
