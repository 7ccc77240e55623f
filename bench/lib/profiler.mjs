// Preloaded into one service (NODE_OPTIONS=--import=<this file>) when BENCH_PROFILE
// names it: the first SIGWINCH starts the V8 CPU profiler, the second writes the
// profile to BENCH_PROFILE_OUT (a .cpuprofile, as `node --cpu-prof` writes), so the
// profile covers the measured run only, not start-up or warm-up. No app code changes.
// SIGWINCH because Nest's enableShutdownHooks() treats SIGUSR2 as a shutdown signal.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const out = process.env.BENCH_PROFILE_OUT;
const session = new Session();
let running = false;

const post = (method, params = {}) =>
  new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );

process.on('SIGWINCH', () => {
  const step = running
    ? post('Profiler.stop').then(({ profile }) => {
        writeFileSync(out, JSON.stringify(profile));
        session.disconnect();
      })
    : (session.connect(), post('Profiler.enable'))
        .then(() => post('Profiler.setSamplingInterval', { interval: 200 }))
        .then(() => post('Profiler.start'));
  running = !running;
  step.catch((error) => process.stderr.write(`bench profiler: ${error.message}\n`));
});
