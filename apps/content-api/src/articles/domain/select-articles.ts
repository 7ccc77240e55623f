import { type Page, pageOf, type PageRequest } from '../../common/domain/page.js';
import { ALL_DATASETS, type Coverage, covers } from '@charter/resource-server';
import type { Article, ArticleTopic } from './articles.data.js';

export interface ArticleFilter extends PageRequest {
  readonly topic?: ArticleTopic;
}

/** The page of articles (newest first, as stored) on the topic, if one is asked for. */
export function selectArticles(
  articles: readonly Article[],
  filter: ArticleFilter,
  coverage: Coverage = ALL_DATASETS,
): Page<Article> {
  const { topic } = filter;
  const matching = articles.filter(
    (article) =>
      (topic === undefined || article.topics.includes(topic)) && covers(coverage, article.topics),
  );
  return pageOf(matching, filter);
}

/** An article the coverage leaves out is not found, like one that does not exist. */
export function findArticle(
  articles: readonly Article[],
  id: string,
  coverage: Coverage = ALL_DATASETS,
): Article | undefined {
  return articles.find((article) => article.id === id && covers(coverage, article.topics));
}
