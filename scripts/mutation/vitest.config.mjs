// Vitest as `pnpm mutate` runs it: the unit and integration projects of the root
// configuration, nothing else (e2e, faults and the browser journeys start built
// services from dist/, which Stryker never mutates). This file is not the root
// vitest.config.ts, so `pnpm test` never sees it.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const kept = new Set(['unit', 'integration']);

export default defineConfig({
  ...base,
  root,
  test: {
    ...base.test,
    reporters: ['default'],
    projects: base.test.projects.filter((project) => kept.has(project.test?.name)),
  },
});
