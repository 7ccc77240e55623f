import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.js';

/** Seconds: from a cached read (a millisecond) to a password hash or a slow dependency. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What a request without a matching route is counted as (its raw URL would be an unbounded label). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Rate, errors and latency per route: one histogram (its `_count` is the rate, the `status_code`
 * label the errors), labelled by the route's template (`/v1/contracts/:id`), never the raw URL.
 */
export function instrumentHttp(fastify: FastifyInstance, metrics: Metrics): void {
  const duration = metrics.histogram(
    'charter_http_request_duration_seconds',
    'HTTP requests by method, route template and status code, and how long each took',
    ['method', 'route', 'status_code'],
    HTTP_BUCKETS,
  );
  fastify.addHook('onResponse', (request, reply, done) => {
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1_000,
    );
    done();
  });
}
