import { type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { MAX_BODY_DEPTH, nestsDeeperThan } from '../problems/input-guards.js';
import { frameworkProblem, genericProblem } from '../problems/framework-problems.js';
import { type Problem, ProblemException } from '../problems/problem.js';
import {
  answerClientError,
  type DomainProblemMapper,
  type EarlyErrorRenderer,
  ProblemFilter,
  sendProblem,
} from '../problems/problem.filter.js';
import { createValidationPipe } from '../problems/validation.js';
import type { ServiceEnv } from '../config/service-env.js';
import { instrumentHttp } from '../metrics/http-metrics.js';
import { Metrics } from '../metrics/metrics.js';
import { requestIdFor } from './request-id.js';

/** What a connection may take from the server: timeouts, how many, how big (each from ServiceEnv). */
export interface HttpLimits {
  readonly connectionTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly maxConnections: number;
  /** Largest accepted body, in bytes. */
  readonly bodyLimit: number;
  /** Proxies whose `X-Forwarded-*` headers are believed (addresses, CIDRs); empty: none. */
  readonly trustedProxies: readonly string[];
}

/** The limits of ServiceEnv's defaults, for what boots without a config (tests of this package). */
export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  connectionTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 10_000,
  bodyLimit: 64 * 1024,
  trustedProxies: [],
};

/** The HTTP limits a service's validated environment sets. */
export function httpLimitsFrom(config: ServiceEnv): HttpLimits {
  return {
    connectionTimeoutMs: config.HTTP_CONNECTION_TIMEOUT_MS,
    headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: config.HTTP_MAX_CONNECTIONS,
    bodyLimit: config.HTTP_BODY_LIMIT,
    trustedProxies: config.TRUSTED_PROXIES,
  };
}

export interface HttpAppOptions {
  /** Timeouts, connection and body limits, trusted proxies; unset ones keep DEFAULT_HTTP_LIMITS. */
  readonly limits?: Partial<HttpLimits>;
  /** The app's domain error codes → problems (one exhaustive switch). */
  readonly mapDomainError?: DomainProblemMapper;
  /**
   * Errors Fastify raises before a route runs (unparseable or oversized bodies) reach
   * only the global filter; an app may answer them in its own protocol's format for
   * some routes (OAuth endpoints do). Return true when the reply was sent.
   */
  readonly renderEarlyError?: EarlyErrorRenderer;
}

const BODY_TOO_DEEP: Problem = {
  status: 400,
  code: 'body_too_deep',
  title: 'Request body nested too deeply',
  detail: `The JSON body nests objects or arrays deeper than ${MAX_BODY_DEPTH} levels.`,
};

/**
 * Bodies are JSON unless an app adds another parser (the auth-server adds forms).
 * Fastify parses text/plain by default and Nest adds a form parser at init; either
 * would hand a string or a flat object to validation (a misleading 400). With JSON
 * registered through Nest, Nest adds none of its own, and any other type is a 415.
 */
function acceptJsonBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser(
    'application/json',
    { bodyLimit: fastify.initialConfig.bodyLimit },
    (request, body, done) => {
      // Clients often send `Content-Type: application/json` on a bodiless POST (an action
      // like /suspend): treat an empty body as none; routes that need one say so.
      if (body.length === 0) {
        done(null, undefined);
        return;
      }
      void parseJson(
        request as Parameters<typeof parseJson>[0],
        body.toString('utf8'),
        (error, parsed) => {
          // class-transformer and the validation pipe recurse: bound the depth before they walk it.
          if (error === null && nestsDeeperThan(parsed, MAX_BODY_DEPTH)) {
            done(new ProblemException(BODY_TOO_DEEP), undefined);
            return;
          }
          done(error, parsed);
        },
      );
    },
  );
}

/** Builds a Fastify-based Nest app with the shared request id, logging, validation and problem handling. */
export async function createHttpApp(
  module: Type | DynamicModule,
  options: HttpAppOptions = {},
): Promise<NestFastifyApplication> {
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  const adapter = new FastifyAdapter({
    bodyLimit: limits.bodyLimit,
    // Socket inactivity, then the whole request (headers and body) and its headers alone: a
    // client dripping a byte now and then is cut off when the request's time is up.
    connectionTimeout: limits.connectionTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node checks the two timeouts above on this interval (30 s by default, which would
      // stretch a 10 s headers timeout to 40 s).
      connectionsCheckingInterval: Math.max(
        50,
        Math.min(1_000, Math.floor(limits.headersTimeoutMs / 2)),
      ),
    },
    // X-Forwarded-For is believed only from a listed hop (proxy-addr semantics); none: ignored.
    trustProxy: limits.trustedProxies.length === 0 ? false : [...limits.trustedProxies],
    genReqId: requestIdFor,
    // Errors the router and Node's HTTP parser raise before any route runs: answered as
    // problems (or in the app's own format) like every other failure, not Fastify's JSON.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const problem = frameworkProblem(error) ?? genericProblem(400);
      if (!options.renderEarlyError?.(request, reply, problem)) {
        sendProblem(reply, request, problem);
      }
    },
    clientErrorHandler: answerClientError,
    // Fastify's own logger stays off: nestjs-pino writes the request log.
    logger: false,
  });
  adapter.getInstance().server.maxConnections = limits.maxConnections;
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bufferLogs: true,
    // A module that fails to start throws to the entry point, which writes the one line that says
    // which dependency (runService): no Nest abort (a core dump, no exit code to read) and no
    // flush of the buffered lines in Nest's coloured text format.
    abortOnError: false,
    autoFlushLogs: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter(options.mapDomainError, options.renderEarlyError));
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  acceptJsonBodies(app);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', String(request.id));
    done();
  });
  const metrics = metricsOf(app);
  if (metrics !== undefined) {
    instrumentHttp(fastify, metrics);
  }
  return app;
}

/** The app's Metrics when it imports MetricsModule (every service does; some package tests do not). */
function metricsOf(app: NestFastifyApplication): Metrics | undefined {
  try {
    return app.get(Metrics, { strict: false });
  } catch {
    return undefined;
  }
}
