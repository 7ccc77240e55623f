import { DomainError } from '@charter/service-kit';

export class ArticleNotFound extends DomainError<'article_not_found'> {
  constructor(id: string) {
    super('article_not_found', `No article ${id}.`);
  }
}
