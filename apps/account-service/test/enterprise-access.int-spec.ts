import type { RunningService } from '@charter/testing';
import { waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_AUDIENCE, Harness } from './support/harness.js';

/**
 * An enterprise's status reaches the real auth-server and content API through the
 * events: suspended, its accounts get no new token and its issued tokens are
 * refused; reactivated, both work again; closed, for good.
 */
describe('enterprise status at the auth-server and the content API', () => {
  let h: Harness;
  let contentApi: RunningService;

  beforeAll(async () => {
    h = await Harness.start();
    contentApi = await h.startContentApi();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  const read = async (token: string): Promise<number> =>
    (
      await fetch(`${contentApi.url}/v1/articles`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).status;

  it('suspend → new token refused and issued token refused; reactivate → both work; close → refused', async () => {
    const enterprise = await h.createEnterprise();
    const api = await h.createContentApi({ resourceIndicator: CONTENT_AUDIENCE });
    await h.createContract({
      enterpriseId: enterprise.id,
      contentApiId: api.id,
      scopes: ['articles:read'],
      validFrom: new Date(Date.now() - 60_000).toISOString(),
    });
    const account = await h.createSystemAccount({ enterpriseId: enterprise.id });
    const tokenFor = () =>
      h.token(String(account.clientId), String(account.clientSecret), {
        resource: CONTENT_AUDIENCE,
        scope: 'articles:read',
      });

    const token = await waitFor('a content token', async () => {
      const result = await tokenFor();
      return result.status === 200 ? String(result.body.access_token) : undefined;
    });
    await waitFor('the content API to accept it', async () => (await read(token)) === 200);

    expect((await h.request('POST', `/v1/enterprises/${enterprise.id}/suspend`)).status).toBe(200);
    await waitFor(
      'the content API to refuse the issued token',
      async () => (await read(token)) === 401,
    );
    await waitFor('the auth-server to refuse a new token', async () => {
      const result = await tokenFor();
      return result.status === 401 && result.body.error === 'invalid_client';
    });

    expect((await h.request('POST', `/v1/enterprises/${enterprise.id}/reactivate`)).status).toBe(
      200,
    );
    await waitFor(
      'the content API to accept the token again',
      async () => (await read(token)) === 200,
    );
    const again = await waitFor('a new token again', async () => {
      const result = await tokenFor();
      return result.status === 200 ? String(result.body.access_token) : undefined;
    });

    expect((await h.request('POST', `/v1/enterprises/${enterprise.id}/close`)).status).toBe(200);
    await waitFor(
      'the content API to refuse both tokens',
      async () => (await read(token)) === 401 && (await read(again)) === 401,
    );
    await waitFor(
      'the auth-server to refuse a new token',
      async () => (await tokenFor()).status === 401,
    );
  });
});
