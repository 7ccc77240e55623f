import type { FieldError } from './problem.js';

/**
 * Guards every request value passes before class-transformer and PostgreSQL see it.
 * Plain functions, no framework: the JSON body parser and the validation pipe call them.
 */

/** Deeper than any of our DTOs nests (a contract's rate limit is 2); class-transformer recurses. */
export const MAX_BODY_DEPTH = 32;

/**
 * True when the parsed JSON value nests objects or arrays deeper than `max`. Iterative,
 * so a hostile body of thousands of levels cannot overflow the stack here either.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) {
      continue;
    }
    if (depth + 1 > max) {
      return true;
    }
    for (const child of Object.values(current)) {
      stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** A UTF-16 surrogate that is not half of a pair: not a Unicode scalar value, refused by PostgreSQL's JSON. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL could not store this string (NUL; lone surrogates), or null when it can. */
export function unstorableString(value: string): string | null {
  if (value.includes('\u0000')) {
    return 'must not contain NUL characters';
  }
  if (LONE_SURROGATE.test(value)) {
    return 'must not contain a lone UTF-16 surrogate';
  }
  return null;
}

function escapePointer(key: string): string {
  // RFC 6901 §3: `~` and `/` in a member name are escaped.
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Every string in the value (member names included) that PostgreSQL could not store, as
 * field errors with their JSON Pointers. Iterative; the body's depth is bounded before this runs.
 */
export function unstorableStrings(value: unknown, root = ''): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0) {
    const [current, pointer] = stack.pop()!;
    if (typeof current === 'string') {
      const detail = unstorableString(current);
      if (detail !== null) {
        errors.push({ pointer, detail });
      }
      continue;
    }
    if (typeof current !== 'object' || current === null) {
      continue;
    }
    for (const [key, child] of Object.entries(current)) {
      const childPointer = `${pointer}/${escapePointer(key)}`;
      const keyProblem = unstorableString(key);
      if (keyProblem !== null) {
        errors.push({ pointer: childPointer, detail: `member name ${keyProblem}` });
      }
      stack.push([child, childPointer]);
    }
  }
  return errors.reverse();
}
