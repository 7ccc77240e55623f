import { type Page, pageOf, type PageRequest } from '../../common/domain/page.js';
import type { Article, ArticleTopic } from './articles.data.js';

export interface ArticleFilter extends PageRequest {
  readonly topic?: ArticleTopic;
}

/** The page of articles (newest first, as stored) on the topic, if one is asked for. */
export function selectArticles(articles: readonly Article[], filter: ArticleFilter): Page<Article> {
  const { topic } = filter;
  const matching =
    topic === undefined ? articles : articles.filter((article) => article.topics.includes(topic));
  return pageOf(matching, filter);
}

export function findArticle(articles: readonly Article[], id: string): Article | undefined {
  return articles.find((article) => article.id === id);
}
