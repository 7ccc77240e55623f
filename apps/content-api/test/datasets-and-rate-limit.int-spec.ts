import {
  createTestContext,
  type RunningService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractUpdated } from '@charter/events';
import {
  buildContentApi,
  buildContract,
  buildEnterprise,
  CONTENT_API_AUDIENCE,
  ContentApiRegistered,
  ContractCreated,
  EnterpriseCreated,
  publishEvent,
  publishSystemAccount,
} from './support/account-events.js';
import { startAuthServer, tokenFor } from './support/auth-server.js';
import { type HttpAnswer, type RunningContentApi, startContentApi } from './support/content-api.js';

function expectProblem(answer: HttpAnswer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ status, code });
}

const ids = (answer: HttpAnswer, key: 'id' | 'symbol'): string[] =>
  (answer.body.items as Array<Record<string, string>>).map((item) => item[key]!);

describe('content API: a contract’s datasets and rate limit, with real tokens', () => {
  let ctx: TestContext;
  let authServer: RunningService;
  let api: RunningContentApi;
  let fxToken: string;
  let limitedToken: string;
  let fxContract: ReturnType<typeof buildContract>;

  beforeAll(async () => {
    ctx = await createTestContext();
    authServer = await startAuthServer(ctx);
    api = await startContentApi(ctx, { AUTH_ISSUER: authServer.url });
    const contentApi = buildContentApi();
    await publishEvent(ctx, ContentApiRegistered, contentApi, 1);

    const enroll = async (contract: Partial<ReturnType<typeof buildContract>>) => {
      const enterprise = buildEnterprise();
      await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
      const state = buildContract({
        enterpriseId: enterprise.id,
        contentApiId: contentApi.id,
        scopes: ['articles:read', 'prices:read'],
        ...contract,
      });
      await publishEvent(ctx, ContractCreated, state, 1);
      const caller = await publishSystemAccount(ctx, { enterpriseId: enterprise.id });
      return {
        state,
        token: await tokenFor(authServer, caller, { resource: CONTENT_API_AUDIENCE }),
      };
    };
    const fx = await enroll({ datasets: ['fx', 'rates'] });
    fxContract = fx.state;
    fxToken = fx.token;
    limitedToken = (await enroll({ rateLimit: { requestsPerMinute: 3 } })).token;
    await waitFor(
      'the content API to accept both tokens',
      async () =>
        (await api.get('/v1/me', fxToken)).status === 200 &&
        (await api.get('/v1/me', limitedToken)).status === 200,
    );
  });

  afterAll(async () => {
    await api?.app.close();
    await authServer?.stop();
    await ctx?.cleanup();
  });

  describe('datasets', () => {
    it('lists only the articles and quotes the contract covers', async () => {
      const articles = await api.get('/v1/articles', fxToken);
      expect(articles.status).toBe(200);
      // fx: art-0005 (fx, macro), art-0001; rates: art-0008 (rates, macro), art-0004.
      expect(ids(articles, 'id')).toEqual(['art-0008', 'art-0005', 'art-0004', 'art-0001']);
      expect(articles.body.total).toBe(4);

      const prices = await api.get('/v1/prices', fxToken);
      expect(ids(prices, 'symbol')).toEqual(['EURUSD', 'USDJPY']);
      expect((await api.get('/v1/articles?topic=rates', fxToken)).body.total).toBe(2);
    });

    it('answers 403 dataset_not_covered to a filter outside the contract, 404 to an uncovered article', async () => {
      expectProblem(
        await api.get('/v1/articles?topic=equities', fxToken),
        403,
        'dataset_not_covered',
      );
      expectProblem(
        await api.get('/v1/prices?assetClass=commodity', fxToken),
        403,
        'dataset_not_covered',
      );
      expectProblem(await api.get('/v1/articles/art-0006', fxToken), 404, 'article_not_found');
      expect((await api.get('/v1/articles/art-0005', fxToken)).status).toBe(200);
    });

    it('follows ContractUpdated: [] covers all of the data again', async () => {
      await publishEvent(ctx, ContractUpdated, { ...fxContract, datasets: [] }, 2);
      await waitFor(
        'the update to apply',
        async () => (await api.get('/v1/articles', fxToken)).body.total === 8,
      );
      expect((await api.get('/v1/prices', fxToken)).body.total).toBe(8);
      expect((await api.get('/v1/articles/art-0006', fxToken)).status).toBe(200);
    });
  });

  describe('rate limit', () => {
    it('answers 429 rate_limited with Retry-After and RateLimit fields once the bucket is empty', async () => {
      const answers: HttpAnswer[] = [];
      for (let i = 0; i < 4; i += 1) {
        answers.push(await api.get('/v1/articles?limit=1', limitedToken));
      }
      // waitFor above spent one request already.
      const ok = answers.filter((answer) => answer.status === 200);
      expect(ok.length).toBe(2);
      expect(ok[0]!.headers.get('ratelimit-limit')).toBe('3');
      expect(ok[0]!.headers.get('ratelimit-remaining')).toBe('1');
      expect(ok[1]!.headers.get('ratelimit-remaining')).toBe('0');
      const refused = answers[2]!;
      expectProblem(refused, 429, 'rate_limited');
      expect(refused.headers.get('ratelimit-limit')).toBe('3');
      expect(refused.headers.get('ratelimit-remaining')).toBe('0');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(20);
      expect(refused.headers.get('ratelimit-reset')).toBe(String(retryAfter));
      expect(answers[3]!.status).toBe(429);
    });

    it('lets a contract without a limit through with no RateLimit fields', async () => {
      const answer = await api.get('/v1/articles?limit=1', fxToken);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('ratelimit-limit')).toBeNull();
    });
  });
});
