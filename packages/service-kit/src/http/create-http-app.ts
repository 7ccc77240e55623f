import { Logger as NestLogger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { type Problem } from '../problems/problem.js';
import { type DomainProblemMapper, ProblemFilter, resolveProblem, sendProblem } from '../problems/problem.filter.js';
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
   * For errors Fastify raises before a route runs (unparseable bodies), an app may
   * answer in its own protocol's format for some routes (OAuth endpoints do).
   * Return true when the reply was sent.
   */
  readonly renderEarlyError?: (request: FastifyRequest, reply: FastifyReply, problem: Problem) => boolean;
}

/** Builds a Fastify-based Nest app with the shared request id, logging, validation and problem handling. */
export async function createHttpApp(module: Type | import('@nestjs/common').DynamicModule, options: HttpAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    trustProxy: options.trustProxy ?? false,
    genReqId: requestIdFor,
    // Fastify's own logger stays off: nestjs-pino writes the request log.
    logger: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter(options.mapDomainError));
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', String(request.id));
    done();
  });
  const logger = new NestLogger('HttpApp');
  // Errors raised by Fastify before Nest runs the route (body parsing, size limits).
  fastify.setErrorHandler((error, request, reply) => {
    const problem = resolveProblem(error, options.mapDomainError, logger, String(request.id));
    if (options.renderEarlyError?.(request, reply, problem)) {
      return;
    }
    sendProblem(reply, request, problem);
  });
  return app;
}
