import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemResponse } from './problem.response.js';

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Malformed JSON, unknown or invalid fields (`validation_failed` lists them in `errors`)',
  401: 'No valid access token (`WWW-Authenticate: Bearer`)',
  403: 'The token lacks the `accounts:admin` scope (`insufficient_scope`)',
  404: 'No such resource (also for ids that are not UUIDs)',
  409: 'Conflicts with the current state',
  413: 'Request body too large',
  415: 'The body is not `application/json`',
  422: 'Well-formed, but refers to something that does not fit',
};

/** Documents the RFC 9457 problem answers of a route. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemResponse),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Problem',
        content: {
          'application/problem+json': { schema: { $ref: getSchemaPath(ProblemResponse) } },
        },
      }),
    ),
  );
}
