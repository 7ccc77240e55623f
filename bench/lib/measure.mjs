// Load runs: one target under autocannon from bench/load.mjs (a separate process), with
// the CPU counters of the target, the load generator and the database backends read
// right around the measured part; and a case as the service beside its limit.
import { fork } from 'node:child_process';
import os from 'node:os';
import { cpuStopwatch, postgresBackends } from './proc.mjs';
import { onCleanup, ROOT } from './stack.mjs';

/** @param settings { connections, warmup, duration }; @param log (message) => void */
export function createMeasure(settings, log) {
  /**
   * One warm-up + measured autocannon run from bench/load.mjs (a separate process) against
   * `target`, with CPU counters of the target, the load generator and the database
   * backends read right before and after the measured part.
   */
  async function measure(target, request, { database, onStart, onStop } = {}) {
    const child = fork(`${ROOT}bench/load.mjs`, [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    onCleanup(() => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    });
    const next = (type) =>
      new Promise((resolve, reject) => {
        const onMessage = (message) => {
          if (message.type === type) {
            child.off('message', onMessage);
            child.off('exit', onExit);
            resolve(message);
          }
        };
        const onExit = (code) =>
          reject(new Error(`load generator exited with ${code} before "${type}"`));
        child.on('message', onMessage);
        child.once('exit', onExit);
      });
    await next('ready');
    child.send({
      url: `${target.url}${request.path}`,
      method: request.method ?? 'GET',
      headers: request.headers ?? {},
      ...(request.body === undefined ? {} : { body: request.body }),
      ...(request.clientAssertion === undefined
        ? {}
        : { clientAssertion: request.clientAssertion }),
      connections: settings.connections,
      warmup: settings.warmup,
      duration: settings.duration,
    });
    const { warmup } = await next('warmed');
    const loadavg = os.loadavg()[0];
    const watch = cpuStopwatch({
      server: target.pid,
      load: child.pid,
      database: () => (database ? postgresBackends(database) : []),
    });
    await onStart?.();
    child.send('go');
    const { result } = await next('result');
    const cpu = watch.stop();
    child.disconnect();
    await onStop?.();
    await exited;
    const perRequest = (seconds) =>
      result.requests === 0 ? null : (seconds * 1e6) / result.requests;
    return {
      target: target.name,
      ...result,
      warmup: { rps: warmup.rps, errors: warmup.errors + warmup.timeouts + warmup.non2xx },
      loadavgBefore: loadavg,
      cpu: {
        wallSeconds: cpu.wallSeconds,
        serverSeconds: cpu.cpuSeconds.server,
        serverUsPerRequest: perRequest(cpu.cpuSeconds.server),
        serverCores: cpu.cpuSeconds.server / cpu.wallSeconds,
        loadGeneratorUsPerRequest: perRequest(cpu.cpuSeconds.load),
        loadGeneratorCores: cpu.cpuSeconds.load / cpu.wallSeconds,
        databaseUsPerRequest: database ? perRequest(cpu.cpuSeconds.database) : null,
        databaseCores: database ? cpu.cpuSeconds.database / cpu.wallSeconds : null,
      },
      failures: result.errors + result.timeouts + result.non2xx,
    };
  }

  /** The service, then its limit, under the same load. */
  async function pair(name, description, service, limit, database, profileHooks) {
    log(`${name}: ${service.target.name} …`);
    const measured = await measure(service.target, service.request, { database, ...profileHooks });
    log(`${name}: ${limit.target.name} …`);
    const bound = await measure(limit.target, limit.request, { database });
    const outcome = {
      case: name,
      description,
      service: measured,
      limit: bound,
      ratio: bound.rps === 0 ? null : measured.rps / bound.rps,
      failures: measured.failures + bound.failures,
    };
    if (outcome.failures > 0) {
      log(
        `${name}: ${measured.failures} failed responses at ${service.target.name} ${JSON.stringify(measured.statusCodes)}, ` +
          `${bound.failures} at ${limit.target.name} ${JSON.stringify(bound.statusCodes)}`,
      );
    }
    return outcome;
  }

  return { measure, pair };
}
