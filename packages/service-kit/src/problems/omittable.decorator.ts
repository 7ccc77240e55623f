import { applyDecorators } from '@nestjs/common';
import { IsDefined, ValidateIf } from 'class-validator';

/**
 * The field may be left out, but not sent as `null`: class-validator's `@IsOptional()`
 * skips every rule for `null` too, so a `null` would reach the service as if it were a
 * value. Use `@IsOptional()` only where `null` is a documented value (`nullable: true`).
 */
export const Omittable = (): PropertyDecorator =>
  applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    IsDefined({ message: '$property must not be null; leave it out instead' }),
  );

const REQUIRES_BODY = Symbol('charter:requires-body');

/**
 * On a body DTO whose fields are all optional (a PATCH): a request without a body, or
 * with `null`, is refused (400 `invalid_body`) instead of reaching the service as `{}`.
 */
export const RequiresBody = (): ClassDecorator => (target) => {
  Reflect.defineMetadata(REQUIRES_BODY, true, target);
};

export function requiresBody(dto: object): boolean {
  return Reflect.getMetadata(REQUIRES_BODY, dto) === true;
}
