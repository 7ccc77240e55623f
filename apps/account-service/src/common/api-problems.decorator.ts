import { applyDecorators, HttpCode, Post, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ProblemResponse } from './problem.response.js';

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Malformed JSON, unknown or invalid fields (`validation_failed` lists them in `errors`)',
  401: 'No valid access token (`WWW-Authenticate: Bearer`)',
  403: 'The token lacks the `accounts:admin` scope (`insufficient_scope`), or an enterprise admin called a platform-only operation (`forbidden`)',
  404: 'No such resource (also for ids that are not UUIDs)',
  409: 'Conflicts with the current state',
  412: '`If-Match` names another version (`precondition_failed`)',
  413: 'Request body too large',
  415: 'The body is not `application/json`',
  422: 'Well-formed, but refers to something that does not fit (or `idempotency_key_reused`)',
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

/** Documents `If-Match` (and its 412) on an update or transition. */
export function ApiIfMatch(): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        'The `ETag` of the version this change is based on (or `*`); another version → 412 `precondition_failed`. Absent: no check.',
    }),
    ApiProblems(412),
  );
}

/** Documents `Idempotency-Key` (and its 422) on a create. */
export function ApiIdempotencyKey(): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Up to 255 visible ASCII characters (a UUID). The same key and body within 24 h replays the first answer with `Idempotency-Replayed: true`; the same key with another body → 422 `idempotency_key_reused`.',
    }),
    ApiProblems(422),
  );
}

/**
 * A status transition route (`POST /:id/<action>`, an optional `{ "reason": "…" }`, 200 with the new state):
 * the route, its OpenAPI description, its problems and `If-Match`.
 */
export function StatusTransition(action: string, summary: string, response: Type): MethodDecorator {
  return applyDecorators(
    Post(`:id/${action}`),
    HttpCode(200),
    ApiOperation({ summary }),
    ApiParam({ name: 'id', format: 'uuid' }),
    ApiOkResponse({ type: response }),
    ApiProblems(400, 404, 409),
    ApiIfMatch(),
  );
}
