import type { DatasetNotCovered } from '@charter/resource-server';
import { type DomainError, genericProblem, type Problem } from '@charter/service-kit';
import type { ArticleNotFound } from '../articles/article.errors.js';
import type { EnterpriseMismatch } from '../reports/report.errors.js';

/** Every domain error code of this app. */
export type ContentErrorCode =
  ArticleNotFound['code'] | EnterpriseMismatch['code'] | DatasetNotCovered['code'];

/** The app's one mapping of domain errors to RFC 9457 problems; a new code fails to compile until mapped. */
export function mapDomainError(error: DomainError): Problem {
  const code = error.code as ContentErrorCode;
  switch (code) {
    case 'article_not_found':
      return { status: 404, code, title: 'Article not found', detail: error.message };
    case 'enterprise_mismatch':
      return { status: 403, code, title: 'Not your enterprise', detail: error.message };
    case 'dataset_not_covered':
      return { status: 403, code, title: 'Dataset not covered', detail: error.message };
    default:
      return assertNever(code, error);
  }
}

/** An unmapped code is a bug: answer 500 rather than guess a status. */
function assertNever(_code: never, _error: DomainError): Problem {
  return genericProblem(500);
}
