// The load generator, in its own process so it does not share an event loop with
// anything it measures. Its options { url, method, headers, body, connections, warmup,
// duration } come from run.mjs by IPC once it says `ready` (not argv: the headers hold
// credentials), or as a JSON argument when run by hand:
//   node bench/load.mjs '{"url":"http://127.0.0.1:3002/health/live","duration":5}'
// It runs a warm-up, tells the parent `{ type: 'warmed' }`, waits for `go` (the parent
// reads the servers' CPU counters in between), runs the measured load and sends
// `{ type: 'result', result }`. Run by hand it prints the result as JSON.
import autocannon from 'autocannon';
import { assertionBodies } from './lib/jwt.mjs';

const viaIpc = typeof process.send === 'function';
const options = viaIpc
  ? await new Promise((resolve) => {
      process.once('message', resolve);
      process.send({ type: 'ready' });
    })
  : JSON.parse(process.argv[2] ?? '{}');
const request = {
  url: options.url,
  method: options.method ?? 'GET',
  headers: options.headers ?? {},
  ...(options.body === undefined ? {} : { body: options.body }),
  // private_key_jwt: every request carries a new client assertion (a jti is good once), signed
  // here, so the load generator pays for it, not the server.
  ...(options.clientAssertion === undefined
    ? {}
    : { requests: [{ setupRequest: withAssertion(options) }] }),
  connections: options.connections ?? 32,
  pipelining: 1,
  timeout: 10,
};

function withAssertion({ body, clientAssertion }) {
  const nextBody = assertionBodies(body, clientAssertion);
  return (request) => ({ ...request, body: nextBody() });
}

function summary(result) {
  return {
    duration: result.duration,
    requests: result.requests.total,
    rps: result.requests.total / result.duration,
    rpsAverage: result.requests.average,
    rpsStddev: result.requests.stddev,
    latency: {
      average: result.latency.average,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    bytesPerSecond: result.throughput.average,
    bytesPerResponse:
      result.requests.total === 0 ? 0 : result.throughput.total / result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count]),
    ),
  };
}

const go = () =>
  viaIpc
    ? new Promise((resolve) => process.once('message', (message) => message === 'go' && resolve()))
    : Promise.resolve();

const warm = await autocannon({ ...request, duration: options.warmup ?? 3 });
if (viaIpc) {
  process.send({ type: 'warmed', warmup: summary(warm) });
}
await go();
const measured = summary(await autocannon({ ...request, duration: options.duration ?? 10 }));
if (viaIpc) {
  // Stay until the parent has read this process's CPU counters and lets go of the channel.
  process.once('disconnect', () => process.exit(0));
  process.send({ type: 'result', result: measured });
} else {
  console.log(JSON.stringify(measured, null, 2));
}
