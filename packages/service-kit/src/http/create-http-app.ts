import { type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { type DomainProblemMapper, type EarlyErrorRenderer, ProblemFilter } from '../problems/problem.filter.js';
import { MAX_BODY_DEPTH, nestsDeeperThan } from '../problems/input-guards.js';
import { frameworkProblem, genericProblem } from '../problems/framework-problems.js';
import { type Problem, ProblemException } from '../problems/problem.js';
import { answerClientError, sendProblem } from '../problems/problem.filter.js';
import { createValidationPipe } from '../problems/validation.js';
import { requestIdFor } from './request-id.js';

export interface HttpAppOptions {
  /** Largest accepted body, in bytes. */
  readonly bodyLimit?: number;
  /** The app's domain error codes → problems (one exhaustive switch). */
  readonly mapDomainError?: DomainProblemMapper;
  /** Trust X-Forwarded-* from a proxy in front (TLS termination). */
  readonly trustProxy?: boolean;
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
  app.useBodyParser('application/json', { bodyLimit: fastify.initialConfig.bodyLimit }, (request, body, done) => {
    // Clients often send `Content-Type: application/json` on a bodiless POST (an action
    // like /suspend): treat an empty body as none; routes that need one say so.
    if (body.length === 0) {
      done(null, undefined);
      return;
    }
    void parseJson(request as Parameters<typeof parseJson>[0], body.toString('utf8'), (error, parsed) => {
      // class-transformer and the validation pipe recurse: bound the depth before they walk it.
      if (error === null && nestsDeeperThan(parsed, MAX_BODY_DEPTH)) {
        done(new ProblemException(BODY_TOO_DEEP), undefined);
        return;
      }
      done(error, parsed);
    });
  });
}

/** Builds a Fastify-based Nest app with the shared request id, logging, validation and problem handling. */
export async function createHttpApp(module: Type | DynamicModule, options: HttpAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    trustProxy: options.trustProxy ?? false,
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
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bufferLogs: true });
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
  return app;
}
