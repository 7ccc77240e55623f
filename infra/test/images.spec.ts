import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/images.sh', import.meta.url));
const DOCKERFILE = fileURLToPath(new URL('../Dockerfile', import.meta.url));

/** `pnpm images` with a docker command of the test's choosing (it records what it is asked). */
describe('pnpm images', () => {
  const dir = mkdtempSync(join(tmpdir(), 'charter-images-'));
  const calls = join(dir, 'calls');
  const fakeDocker = (infoExit: number): string => {
    const path = join(dir, `docker-${infoExit}`);
    writeFileSync(
      path,
      `#!/usr/bin/env bash\necho "$*" >> '${calls}'\n[ "$1" = info ] && exit ${infoExit}\nexit 0\n`,
      { mode: 0o755 },
    );
    return path;
  };
  const run = (env: Record<string, string>) =>
    spawnSync('bash', [SCRIPT], { env: { ...process.env, ...env }, encoding: 'utf8' });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says so and builds nothing when the Docker daemon does not answer', () => {
    const result = run({ DOCKER: fakeDocker(1) });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('the Docker daemon does not answer');
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toEqual(['info']);
  });

  it('says so when docker is not installed', () => {
    const result = run({ DOCKER: join(dir, 'no-such-docker') });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('docker is not installed');
  });

  it('builds each service from infra/Dockerfile, tagged with IMAGE_TAG and local', () => {
    rmSync(calls, { force: true });
    const result = run({ DOCKER: fakeDocker(0), IMAGE_TAG: '1.2.3', IMAGE_REGISTRY: 'reg.test/' });
    expect(result.status, result.stderr).toBe(0);
    const builds = readFileSync(calls, 'utf8').trim().split('\n').slice(1);
    expect(builds).toEqual(
      ['auth-server', 'account-service', 'content-api', 'partner-portal'].map(
        (service) =>
          `build -f infra/Dockerfile --build-arg SERVICE=${service} -t reg.test/charter/${service}:1.2.3 -t reg.test/charter/${service}:local .`,
      ),
    );
  });

  it('runs the images as a non-root user on a slim base', () => {
    const dockerfile = readFileSync(DOCKERFILE, 'utf8');
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-slim$/m);
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/^USER root$/m);
  });
});
