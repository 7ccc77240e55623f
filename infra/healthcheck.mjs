/* global process, fetch, AbortSignal -- a plain Node script, run by Docker as the health probe */
// Container health probe for a Charter service (the images have no curl or wget):
//   node healthcheck.mjs [/health/live | /health/ready]
// Exits 0 when the service answers 2xx on that path, else 1.
const DEFAULT_PORTS = {
  'auth-server': 3000,
  'account-service': 3001,
  'content-api': 3002,
  'catalog-api': 3005,
};

const path = process.argv[2] ?? '/health/live';
const port = process.env.PORT || DEFAULT_PORTS[process.env.SERVICE ?? ''] || 3000;

try {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    signal: AbortSignal.timeout(4000),
  });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
