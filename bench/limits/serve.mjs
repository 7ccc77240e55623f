// What every limit server shares: a bare node:http server on loopback that tells its
// parent the port on stdout (one JSON line) and exits on SIGTERM/SIGINT.
import { createServer } from 'node:http';

/** The options the parent passed in BENCH_LIMIT_OPTIONS (JSON; not argv, they hold secrets). */
export function options() {
  return JSON.parse(process.env.BENCH_LIMIT_OPTIONS ?? '{}');
}

export function serve(handler) {
  const server = createServer(handler);
  // Like Fastify's default: keep connections open between requests of a client.
  server.keepAliveTimeout = 72_000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: server.address().port, pid: process.pid })}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return server;
}

export function send(res, status, body, headers = {}) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

/** Reads a request body of at most 16 KiB as UTF-8, then calls `then(body)`. */
export function readBody(req, then) {
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > 16_384) {
      req.destroy();
    } else {
      chunks.push(chunk);
    }
  });
  req.on('end', () => then(Buffer.concat(chunks).toString('utf8')));
}

/** RFC 6750 §3: a refused bearer token. */
export function invalidToken(res, description) {
  send(
    res,
    401,
    { error: 'invalid_token', error_description: description },
    {
      'www-authenticate': `Bearer error="invalid_token", error_description="${description}"`,
    },
  );
}

/** The bearer token of a request (RFC 6750 §2.1), or undefined. */
export function bearer(req) {
  const header = req.headers.authorization;
  return header !== undefined && header.slice(0, 7).toLowerCase() === 'bearer '
    ? header.slice(7).trim()
    : undefined;
}
