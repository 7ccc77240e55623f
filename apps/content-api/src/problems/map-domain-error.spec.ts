import { DomainError } from '@charter/service-kit';
import { describe, expect, it } from 'vitest';
import { ArticleNotFound } from '../articles/article.errors.js';
import { EnterpriseMismatch } from '../reports/report.errors.js';
import { mapDomainError } from './map-domain-error.js';

describe('mapDomainError', () => {
  it('maps each code of the app to its problem', () => {
    expect(mapDomainError(new ArticleNotFound('art-9'))).toMatchObject({
      status: 404,
      code: 'article_not_found',
    });
    expect(mapDomainError(new EnterpriseMismatch())).toMatchObject({
      status: 403,
      code: 'enterprise_mismatch',
    });
  });

  it('answers 500 for a code nobody mapped, rather than guess', () => {
    expect(mapDomainError(new DomainError('something_new', 'x'))).toMatchObject({ status: 500 });
  });
});
