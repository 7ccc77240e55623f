import { describe, expect, it } from 'vitest';
import { ARTICLE_TOPICS, ARTICLES } from './articles.data.js';
import { findArticle, selectArticles } from './select-articles.js';

describe('sample articles', () => {
  it('have unique ids, known topics and are newest first', () => {
    expect(new Set(ARTICLES.map((article) => article.id)).size).toBe(ARTICLES.length);
    for (const article of ARTICLES) {
      expect(article.topics.every((topic) => ARTICLE_TOPICS.includes(topic))).toBe(true);
    }
    const dates = ARTICLES.map((article) => article.publishedAt);
    expect([...dates].sort().reverse()).toEqual(dates);
  });
});

describe('selectArticles', () => {
  it('pages through all articles', () => {
    const page = selectArticles(ARTICLES, { limit: 3, offset: 0 });
    expect(page.items.map((article) => article.id)).toEqual(['art-0008', 'art-0007', 'art-0006']);
    expect(page.total).toBe(ARTICLES.length);
  });

  it('keeps only the topic asked for, and counts only those', () => {
    const page = selectArticles(ARTICLES, { limit: 20, offset: 0, topic: 'fx' });
    expect(page.items.map((article) => article.id)).toEqual(['art-0005', 'art-0001']);
    expect(page.total).toBe(2);
  });
});

describe('findArticle', () => {
  it('finds by id, and nothing for an unknown id', () => {
    expect(findArticle(ARTICLES, 'art-0003')?.title).toContain('Globex');
    expect(findArticle(ARTICLES, 'art-9999')).toBeUndefined();
  });
});
