import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { unstorableStrings } from './input-guards.js';
import { requiresBody } from './omittable.decorator.js';
import type { FieldError } from './problem.js';
import { ProblemException } from './problem.js';

function fieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const pointer = `${parent}/${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      pointer,
      detail:
        rule === 'whitelistValidation'
          ? 'is not a known field'
          : message.replace(new RegExp(`^${error.property}\\s+`), ''),
    }));
    return [...own, ...fieldErrors(error.children ?? [], pointer)];
  });
}

type DtoClass = new () => object;

/**
 * A query string with no parameters at all (the commonest read) meets the same DTO every
 * time, and class-transformer + class-validator answer it the same way every time: once it
 * has passed for a DTO class, later empty queries get a fresh instance of that class without
 * running them again (an empty object through plainToInstance is `new Dto()`). Anything
 * else, and any empty query that failed, goes through the full pipe.
 */
class ProblemValidationPipe extends ValidationPipe {
  private readonly emptyQueryPasses = new WeakSet<DtoClass>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    refuseUnstorable(value, metadata);
    if (
      metadata.type === 'body' &&
      metadata.data === undefined &&
      this.toValidate(metadata) &&
      !acceptableBody(value, metadata)
    ) {
      // A DTO body that is `null`, an array or a scalar (or missing where it is required): nothing to apply.
      throw new ProblemException({
        status: 400,
        code: 'invalid_body',
        title: 'Invalid request body',
        detail: 'This request needs a JSON object as its body.',
      });
    }
    const dto = metadata.metatype as DtoClass | undefined;
    const emptyQuery = metadata.type === 'query' && dto !== undefined && isEmptyObject(value);
    if (emptyQuery && this.emptyQueryPasses.has(dto)) {
      return new dto();
    }
    const result: unknown = await super.transform(value, metadata);
    if (emptyQuery && this.toValidate(metadata)) {
      this.emptyQueryPasses.add(dto);
    }
    return result;
  }
}

/**
 * NUL and lone surrogates pass class-validator's string rules but not PostgreSQL: refused
 * here, in bodies, query strings and path parameters alike, with a pointer to each.
 */
function refuseUnstorable(value: unknown, metadata: ArgumentMetadata): void {
  if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') {
    return;
  }
  const root = metadata.type === 'param' && metadata.data !== undefined ? `/${metadata.data}` : '';
  const errors = unstorableStrings(value, root);
  if (errors.length > 0) {
    throw validationProblem(errors);
  }
}

/** A JSON object; or no body at all, where the DTO does not say @RequiresBody(). */
function acceptableBody(value: unknown, metadata: ArgumentMetadata): boolean {
  if (value === undefined) {
    return metadata.metatype === undefined || !requiresBody(metadata.metatype);
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validationProblem(errors: readonly FieldError[]): ProblemException {
  return new ProblemException({
    status: 400,
    code: 'validation_failed',
    title: 'Validation failed',
    detail: 'The request has invalid fields; see errors.',
    errors,
  });
}

function isEmptyObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  for (const key in value) {
    if (Object.hasOwn(value, key)) {
      return false;
    }
  }
  return true;
}

/** The one validation pipe of every REST app: unknown fields refused, field-level errors as JSON Pointers. */
export function createValidationPipe(): ValidationPipe {
  return new ProblemValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => validationProblem(fieldErrors(errors)),
  });
}
