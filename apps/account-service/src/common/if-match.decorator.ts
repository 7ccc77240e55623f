import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { parseIfMatch, type VersionPrecondition } from './domain/version-precondition.js';

interface RequestWithHeaders {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** The request's `If-Match` as a version precondition (none when the header is absent). */
export const IfMatch = createParamDecorator(
  (_data: unknown, context: ExecutionContext): VersionPrecondition => {
    const header = context.switchToHttp().getRequest<RequestWithHeaders>().headers['if-match'];
    return parseIfMatch(Array.isArray(header) ? header.join(', ') : header);
  },
);
