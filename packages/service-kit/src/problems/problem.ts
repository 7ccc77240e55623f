/** RFC 9457 problem details, as every REST failure is answered. */
export interface FieldError {
  /** JSON Pointer (RFC 6901) to the offending member of the request body. */
  readonly pointer: string;
  readonly detail: string;
}

export interface Problem {
  readonly status: number;
  /** Stable snake_case code, also the last segment of `type`. */
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  readonly headers?: Readonly<Record<string, string>>;
}

export const PROBLEM_TYPE_BASE = 'https://charter.dev/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A failure already mapped to HTTP; thrown by transport code (guards, pipes, filters). */
export class ProblemException extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemException';
  }
}

/**
 * A domain failure: a stable code and a message that is safe to show. It knows
 * nothing about HTTP; each app maps its codes to problems in one exhaustive switch.
 */
export class DomainError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: readonly FieldError[];
}

export function problemBody(problem: Problem, instance: string, requestId: string): ProblemBody {
  return {
    type: PROBLEM_TYPE_BASE + problem.code.replaceAll('_', '-'),
    title: problem.title,
    status: problem.status,
    ...(problem.detail === undefined ? {} : { detail: problem.detail }),
    instance,
    code: problem.code,
    requestId,
    ...(problem.errors === undefined ? {} : { errors: problem.errors }),
  };
}
