import { Injectable } from '@nestjs/common';
import { ArticleNotFound } from './article.errors.js';
import { ARTICLES } from './domain/articles.data.js';
import { findArticle, selectArticles } from './domain/select-articles.js';
import { ArticleListResponse, ArticleResponse } from './dto/article.response.js';
import type { ListArticlesQuery } from './dto/list-articles.query.js';

@Injectable()
export class ArticlesService {
  list(query: ListArticlesQuery): ArticleListResponse {
    return ArticleListResponse.from(selectArticles(ARTICLES, query));
  }

  get(id: string): ArticleResponse {
    const article = findArticle(ARTICLES, id);
    if (article === undefined) {
      throw new ArticleNotFound(id);
    }
    return ArticleResponse.from(article);
  }
}
