import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
export const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
export const SCOPE_TOKEN_MAX_LENGTH = 128;

/** RFC 3339 §5.6 date-time, with a mandatory offset (`Z` or `±hh:mm`). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** RFC 3986 §4.3 absolute-URI: scheme ":" hier-part [ "?" query ], printable ASCII, no fragment. */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[\x21\x22\x24-\x7E]+$/;
const URI_MAX_LENGTH = 2048;

function rule(
  name: string,
  message: string,
  test: (value: unknown, args: ValidationArguments) => boolean,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message, ...options },
      validator: { validate: test },
    });
  };
}

export function isDateTime(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    DATE_TIME.test(value) &&
    !Number.isNaN(Date.parse(value)) &&
    calendarDateExists(value)
  );
}

/** `Date.parse` rolls 2025-02-30 over to March; a date-time must name a real day. */
function calendarDateExists(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

export function isResourceIndicator(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > URI_MAX_LENGTH || !ABSOLUTE_URI.test(value)) {
    return false;
  }
  return URL.canParse(value);
}

/** An RFC 3339 date-time with offset, e.g. `2025-01-31T00:00:00Z`. */
export const IsDateTime = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isDateTime',
    'must be an ISO 8601 date-time with offset (e.g. 2025-01-31T00:00:00Z)',
    isDateTime,
    options,
  );

/** RFC 8707 §2: the resource parameter is an absolute URI and MUST NOT include a fragment. */
export const IsResourceIndicator = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isResourceIndicator',
    'must be an absolute URI without a fragment',
    isResourceIndicator,
    options,
  );

export const IsScopeToken = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isScopeToken',
    `must be an RFC 6749 scope token (visible ASCII except space, " and \\, at most ${SCOPE_TOKEN_MAX_LENGTH} characters)`,
    (value) =>
      typeof value === 'string' &&
      value.length <= SCOPE_TOKEN_MAX_LENGTH &&
      SCOPE_TOKEN.test(value),
    options,
  );

/** Refuses strings that are empty or only whitespace. */
export const IsNotBlank = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isNotBlank',
    'must not be blank',
    (value) => typeof value === 'string' && value.trim().length > 0,
    options,
  );

/** Later than the date-time in `property`; silent when either is not a date-time (their own rules report that). */
export const IsLaterThan = (property: string, options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isLaterThan',
    `must be later than ${property}`,
    (value, args) => {
      const other = (args.object as Record<string, unknown>)[property];
      return !isDateTime(value) || !isDateTime(other) || Date.parse(value) > Date.parse(other);
    },
    options,
  );

/** Limits of a metadata map; see `isMetadata`. */
export interface MetadataLimits {
  readonly keys: number;
  readonly keyLength: number;
  readonly valueLength: number;
}

const METADATA_KEY = /^[A-Za-z0-9_.:-]+$/;

/** A flat JSON object of string values under short keys (`[A-Za-z0-9_.:-]`), within the limits. */
export function isMetadata(value: unknown, limits: MetadataLimits): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const entries = Object.entries(value);
  return (
    entries.length <= limits.keys &&
    entries.every(
      ([key, member]) =>
        key.length <= limits.keyLength &&
        METADATA_KEY.test(key) &&
        typeof member === 'string' &&
        member.length <= limits.valueLength,
    )
  );
}

export const IsMetadata = (
  limits: MetadataLimits,
  options?: ValidationOptions,
): PropertyDecorator =>
  rule(
    'isMetadata',
    `must be an object of at most ${limits.keys} string values (keys of 1 to ${limits.keyLength} characters A-Z a-z 0-9 _ . : -, values of at most ${limits.valueLength} characters)`,
    (value) => isMetadata(value, limits),
    options,
  );
