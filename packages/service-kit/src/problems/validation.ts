import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from './problem.js';
import { ProblemException } from './problem.js';

function fieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const pointer = `${parent}/${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      pointer,
      detail: rule === 'whitelistValidation' ? 'is not a known field' : message.replace(new RegExp(`^${error.property}\\s+`), ''),
    }));
    return [...own, ...fieldErrors(error.children ?? [], pointer)];
  });
}

/** The one validation pipe of every REST app: unknown fields refused, field-level errors as JSON Pointers. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) =>
      new ProblemException({
        status: 400,
        code: 'validation_failed',
        title: 'Validation failed',
        detail: 'The request has invalid fields; see errors.',
        errors: fieldErrors(errors),
      }),
  });
}
