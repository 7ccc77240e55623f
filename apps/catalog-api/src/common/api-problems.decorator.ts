import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemResponse } from './dto/problem.response.js';

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Invalid query parameters (`validation_failed`), or a malformed Authorization header (`invalid_request`).',
  401: 'No token, or the token is invalid, expired, not for this API, or its contract is not in force now (`invalid_token`, with `WWW-Authenticate: Bearer`).',
  403: 'The token lacks a scope this route needs (`insufficient_scope`, with `WWW-Authenticate: Bearer`).',
  404: 'No such item.',
  429: "The contract's requests per minute are spent (`rate_limited`, with `Retry-After` and `RateLimit-*`).",
};

/** Documents the problem+json answers of a route: a status, or a status with its own description. */
export function ApiProblems(
  ...responses: Array<number | readonly [number, string]>
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemResponse),
    ...responses.map((response) => {
      const [status, description] =
        typeof response === 'number' ? [response, DESCRIPTIONS[response] ?? 'Problem'] : response;
      return ApiResponse({
        status,
        description,
        content: {
          'application/problem+json': { schema: { $ref: getSchemaPath(ProblemResponse) } },
        },
      });
    }),
  );
}
