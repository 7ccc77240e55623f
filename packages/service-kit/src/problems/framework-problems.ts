import { HttpException } from '@nestjs/common';
import type { Problem } from './problem.js';

const TITLES: Readonly<Record<number, [string, string]>> = {
  400: ['bad_request', 'Bad request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not_found', 'Not found'],
  405: ['method_not_allowed', 'Method not allowed'],
  406: ['not_acceptable', 'Not acceptable'],
  409: ['conflict', 'Conflict'],
  411: ['length_required', 'Length required'],
  412: ['precondition_failed', 'Precondition failed'],
  408: ['request_timeout', 'Request timeout'],
  413: ['payload_too_large', 'Request body too large'],
  414: ['uri_too_long', 'URI too long'],
  415: ['unsupported_media_type', 'Unsupported media type'],
  422: ['unprocessable_content', 'Unprocessable content'],
  429: ['too_many_requests', 'Too many requests'],
  431: ['headers_too_large', 'Request headers too large'],
  503: ['service_unavailable', 'Service unavailable'],
};

/** Fastify's own error codes for bodies it could not take, as problems a caller can act on. */
const FASTIFY_CODES: Readonly<Record<string, Problem>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    title: 'Malformed JSON body',
    detail: 'The request body is not valid JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    title: 'Malformed JSON body',
    detail: 'The request body is empty.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'payload_too_large',
    title: 'Request body too large',
    detail: 'The request body exceeds the allowed size.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    title: 'Unsupported media type',
    detail: 'Send the body as application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'bad_request',
    title: 'Bad request',
    detail: 'The Content-Length does not match the body.',
  },
  FST_ERR_CTP_INVALID_TYPE: {
    status: 400,
    code: 'bad_request',
    title: 'Bad request',
    detail: 'The Content-Type header is invalid.',
  },
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'bad_url',
    title: 'Bad URL',
    detail: 'The request path is not valid percent-encoded UTF-8.',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'uri_too_long',
    title: 'URI too long',
    detail: 'A path segment is longer than any identifier here.',
  },
};

export const INTERNAL_PROBLEM: Problem = {
  status: 500,
  code: 'internal_error',
  title: 'Internal error',
  detail: 'Something went wrong on our side; the request id identifies it in our logs.',
};

/** A database (or other dependency) outage: the caller may retry shortly. */
export const DEPENDENCY_UNAVAILABLE_PROBLEM: Problem = {
  status: 503,
  code: 'service_unavailable',
  title: 'Service unavailable',
  detail: 'A service this request needs is unavailable; retry shortly.',
  headers: { 'retry-after': '2' },
};

export function genericProblem(status: number, detail?: string): Problem {
  const [code, title] =
    TITLES[status] ??
    (status >= 500 ? ['internal_error', 'Internal error'] : ['bad_request', 'Bad request']);
  return { status, code, title, ...(detail === undefined ? {} : { detail }) };
}

function isFastifyError(error: unknown): error is { code: string; statusCode?: number } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    String((error as { code: string }).code).startsWith('FST_')
  );
}

/**
 * Maps what the framework throws (Nest HTTP exceptions, Fastify body errors) to a
 * problem. Anything unknown is an internal error: its cause goes to the log only.
 */
export function frameworkProblem(error: unknown): Problem | undefined {
  if (isFastifyError(error)) {
    const known = FASTIFY_CODES[error.code];
    if (known) {
      return known;
    }
    const status = error.statusCode ?? 500;
    return status < 500 ? genericProblem(status) : undefined;
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status >= 500) {
      return undefined;
    }
    const response = error.getResponse();
    const message =
      typeof response === 'object' && response !== null
        ? (response as { message?: unknown }).message
        : response;
    const detail = typeof message === 'string' ? message : undefined;
    // Nest hands Fastify's body-parser failures over as plain HttpExceptions.
    if (status === 400 && detail !== undefined && /JSON|body cannot be empty/i.test(detail)) {
      return FASTIFY_CODES.FST_ERR_CTP_INVALID_JSON_BODY;
    }
    return genericProblem(status, detail);
  }
  return undefined;
}
