import {
  CallerCoverage,
  covers,
  DatasetNotCovered,
  type Principal,
} from '@charter/resource-server';
import { Injectable } from '@nestjs/common';
import { ArticleNotFound } from './article.errors.js';
import { ARTICLES } from './domain/articles.data.js';
import { findArticle, selectArticles } from './domain/select-articles.js';
import { ArticleListResponse, ArticleResponse } from './dto/article.response.js';
import type { ListArticlesQuery } from './dto/list-articles.query.js';

/** Articles as far as the caller's contract covers their datasets (an article's topics). */
@Injectable()
export class ArticlesService {
  constructor(private readonly coverage: CallerCoverage) {}

  list(caller: Principal, query: ListArticlesQuery): ArticleListResponse {
    const coverage = this.coverage.of(caller);
    if (query.topic !== undefined && !covers(coverage, [query.topic])) {
      throw new DatasetNotCovered(query.topic);
    }
    return ArticleListResponse.from(selectArticles(ARTICLES, query, coverage));
  }

  get(caller: Principal, id: string): ArticleResponse {
    const article = findArticle(ARTICLES, id, this.coverage.of(caller));
    if (article === undefined) {
      throw new ArticleNotFound(id);
    }
    return ArticleResponse.from(article);
  }
}
