import { ApiProperty } from '@nestjs/swagger';
import { PageResponse } from '../../common/dto/page.response.js';
import type { Page } from '../../common/domain/page.js';
import { ARTICLE_TOPICS, type Article, type ArticleTopic } from '../domain/articles.data.js';

export class ArticleResponse {
  @ApiProperty({ example: 'art-0006' })
  id!: string;

  @ApiProperty({ example: 'Acme Industrial beats on margins, raises guidance' })
  title!: string;

  @ApiProperty()
  summary!: string;

  @ApiProperty({ enum: ARTICLE_TOPICS, isArray: true })
  topics!: ArticleTopic[];

  @ApiProperty({ format: 'date-time', example: '2025-06-10T07:00:00Z' })
  publishedAt!: string;

  static from(article: Article): ArticleResponse {
    return Object.assign(new ArticleResponse(), {
      id: article.id,
      title: article.title,
      summary: article.summary,
      topics: [...article.topics],
      publishedAt: article.publishedAt,
    });
  }
}

export class ArticleListResponse extends PageResponse {
  @ApiProperty({ type: [ArticleResponse] })
  items!: ArticleResponse[];

  static from(page: Page<Article>): ArticleListResponse {
    return Object.assign(new ArticleListResponse(), {
      items: page.items.map((article) => ArticleResponse.from(article)),
      ...PageResponse.pageFields(page),
    });
  }
}
