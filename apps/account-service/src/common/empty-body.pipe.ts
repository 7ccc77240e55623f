import { type PipeTransform } from '@nestjs/common';
import { ProblemException } from '@charter/service-kit';

/**
 * For commands that take no input (`POST /v1/contracts/:id/suspend`): no body or `{}`
 * is fine; any member is refused like an unknown field elsewhere, so a caller who
 * thinks they are sending options learns they are not.
 */
export class EmptyBodyPipe implements PipeTransform<unknown, undefined> {
  transform(value: unknown): undefined {
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw invalid([{ pointer: '', detail: 'must be absent or an empty JSON object' }]);
    }
    const members = Object.keys(value);
    if (members.length > 0) {
      throw invalid(
        members.map((member) => ({
          pointer: `/${member.replaceAll('~', '~0').replaceAll('/', '~1')}`,
          detail: 'is not a known field',
        })),
      );
    }
    return undefined;
  }
}

function invalid(errors: Array<{ pointer: string; detail: string }>): ProblemException {
  return new ProblemException({
    status: 400,
    code: 'validation_failed',
    title: 'Validation failed',
    detail: 'This request takes no body.',
    errors,
  });
}
