import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  DomainError,
  type Problem,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPE_BASE,
  ProblemException,
  problemBody,
} from './problem.js';
import { isDependencyUnavailable } from './dependency-unavailable.js';
import {
  DEPENDENCY_UNAVAILABLE_PROBLEM,
  frameworkProblem,
  genericProblem,
  INTERNAL_PROBLEM,
} from './framework-problems.js';

/** Maps an app's domain errors to problems: one exhaustive switch per app. */
export type DomainProblemMapper = (error: DomainError) => Problem;

/** Answers a failure in another format for some routes; returns true when it sent the reply. */
export type EarlyErrorRenderer = (
  request: FastifyRequest,
  reply: FastifyReply,
  problem: Problem,
) => boolean;

/** Resolves any thrown value to the problem the caller sees; logs what is not the caller's fault. */
export function resolveProblem(
  error: unknown,
  mapDomain: DomainProblemMapper | undefined,
  logger: Logger,
  requestId: string,
): Problem {
  if (error instanceof ProblemException) {
    return error.problem;
  }
  if (error instanceof DomainError && mapDomain) {
    const domainError = error as DomainError<string>;
    const mapped = mapDomain(domainError);
    if (mapped.status >= 500) {
      // The mapper says it is our fault (an unmapped code): the log line needs the request id.
      logger.error(
        { code: domainError.code, requestId },
        'domain error answered with a server error',
      );
    }
    return mapped;
  }
  const known = frameworkProblem(error);
  if (known) {
    return known;
  }
  if (isDependencyUnavailable(error)) {
    logger.warn({ err: error, requestId }, 'a dependency is unavailable');
    return DEPENDENCY_UNAVAILABLE_PROBLEM;
  }
  logger.error({ err: error, requestId }, 'unhandled error');
  return INTERNAL_PROBLEM;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: Problem): void {
  void reply
    .status(problem.status)
    .headers({
      ...problem.headers,
      'content-type': PROBLEM_CONTENT_TYPE,
      'cache-control': 'no-store',
    })
    .send(
      JSON.stringify(problemBody(problem, request.url.split('?')[0] ?? '/', String(request.id))),
    );
}

/** Node's HTTP parser's codes for a request it could not read, and the status each answers. */
const CLIENT_ERROR_STATUS: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/**
 * A request Node's HTTP parser refused (oversized headers, a request that took too long,
 * bytes that are not HTTP) never reaches a route: answered on the socket as a problem
 * document, then the connection is closed, as Node itself does.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) {
    return;
  }
  if (socket.writable) {
    const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? 400;
    const problem = genericProblem(status);
    const body = JSON.stringify({
      type: PROBLEM_TYPE_BASE + problem.code.replaceAll('_', '-'),
      title: problem.title,
      status,
      code: problem.code,
    });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** The global filter of every REST service: every failure leaves as RFC 9457 problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(
    private readonly mapDomain?: DomainProblemMapper,
    private readonly renderOtherwise?: EarlyErrorRenderer,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = resolveProblem(error, this.mapDomain, this.logger, String(request.id));
    if (this.renderOtherwise?.(request, reply, problem)) {
      return;
    }
    sendProblem(reply, request, problem);
  }
}
