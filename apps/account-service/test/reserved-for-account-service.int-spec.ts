import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS_AUDIENCE, expectProblem, Harness } from './support/harness.js';

/**
 * The account service's audience and `accounts:*` scopes are reserved: a content API holding
 * them would let a contract give an enterprise's machine client a token the account service
 * takes for a platform admin's.
 */
describe("the account service's audience and accounts:* scopes are reserved", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  const api = (overrides: Record<string, unknown> = {}) => ({
    name: 'Lookalike API',
    resourceIndicator: `https://news-${randomUUID()}.example.com`,
    scopes: [{ name: 'articles:read', description: 'Read articles' }],
    ...overrides,
  });

  const refusedRegistration = async (
    body: Record<string, unknown>,
    pointers: string[],
  ): Promise<void> => {
    const before = await h.snapshot();
    const result = await h.request('POST', '/v1/content-apis', { body });
    expectProblem(result, 409, 'reserved_for_account_service');
    expect(result.body.errors.map((error: { pointer: string }) => error.pointer)).toEqual(pointers);
    await h.expectUnchanged(before);
  };

  it("refuses a content API registered with the account service's own resource indicator", async () => {
    await refusedRegistration(api({ resourceIndicator: ACCOUNTS_AUDIENCE }), [
      '/resourceIndicator',
    ]);
    // Spelling variants of the same URL too.
    for (const variant of ['HTTP://LOCALHOST:3001/', 'http://localhost:3001/']) {
      await refusedRegistration(api({ resourceIndicator: variant }), ['/resourceIndicator']);
    }
  });

  it('refuses accounts:* scopes in a content API, whatever its audience', async () => {
    await refusedRegistration(
      api({
        scopes: [
          { name: 'articles:read', description: 'Read articles' },
          { name: 'accounts:admin', description: 'Administer the platform' },
          { name: 'Accounts:self', description: 'Own enterprise' },
        ],
      }),
      ['/scopes/1/name', '/scopes/2/name'],
    );
  });

  it('a PATCH cannot bring them in either', async () => {
    const created = await h.createContentApi();
    const before = await h.snapshot();
    for (const body of [
      { resourceIndicator: ACCOUNTS_AUDIENCE },
      { scopes: [{ name: 'accounts:admin', description: 'x' }] },
    ]) {
      const result = await h.request('PATCH', `/v1/content-apis/${created.id}`, { body });
      expect(result.status).toBe(400);
      expect(result.body.code).toBe('validation_failed');
    }
    await h.expectUnchanged(before);
  });

  describe('contracts, against a content API that old data left holding them', () => {
    /** A content API stored before the rule existed: written straight into its table. */
    const oldApi = async (changes: {
      resourceIndicator?: string;
      scopes?: Array<{ name: string; description: string }>;
    }): Promise<Record<string, unknown>> => {
      const created = await h.createContentApi();
      await h.query(
        `UPDATE accounts.content_apis
            SET resource_indicator = COALESCE($2, resource_indicator),
                scopes = COALESCE($3::jsonb, scopes)
          WHERE id = $1`,
        [
          created.id,
          changes.resourceIndicator ?? null,
          changes.scopes === undefined ? null : JSON.stringify(changes.scopes),
        ],
      );
      return created;
    };

    it('will not sign a contract for an accounts:* scope', async () => {
      const lookalike = await oldApi({
        scopes: [
          { name: 'articles:read', description: 'Read articles' },
          { name: 'accounts:admin', description: 'Administer the platform' },
        ],
      });
      const enterprise = await h.createEnterprise();
      const before = await h.snapshot();
      const result = await h.request('POST', '/v1/contracts', {
        body: {
          enterpriseId: enterprise.id,
          contentApiId: lookalike.id,
          scopes: ['articles:read', 'accounts:admin'],
          validFrom: '2025-01-01T00:00:00Z',
        },
      });
      expectProblem(result, 409, 'reserved_for_account_service');
      expect(result.body.errors).toEqual([
        { pointer: '/scopes/1', detail: 'accounts:* scopes are reserved for the account service' },
      ]);
      await h.expectUnchanged(before);
    });

    it("will not sign or change a contract for a content API with the account service's audience", async () => {
      const normal = await h.createContentApi();
      const contract = await h.createContract({ contentApiId: normal.id });
      await h.query(`UPDATE accounts.content_apis SET resource_indicator = $2 WHERE id = $1`, [
        normal.id,
        ACCOUNTS_AUDIENCE,
      ]);
      const enterprise = await h.createEnterprise();
      const before = await h.snapshot();
      const signed = await h.request('POST', '/v1/contracts', {
        body: {
          enterpriseId: enterprise.id,
          contentApiId: normal.id,
          scopes: ['articles:read'],
          validFrom: '2025-01-01T00:00:00Z',
        },
      });
      expectProblem(signed, 409, 'reserved_for_account_service');
      expect(signed.body.errors[0].pointer).toBe('/contentApiId');
      const changed = await h.request('PATCH', `/v1/contracts/${contract.id}`, {
        body: { scopes: ['articles:read', 'prices:read'] },
      });
      expectProblem(changed, 409, 'reserved_for_account_service');
      await h.expectUnchanged(before);
    });

    it('will not add an accounts:* scope to a signed contract', async () => {
      const lookalike = await oldApi({
        scopes: [
          { name: 'articles:read', description: 'Read articles' },
          { name: 'accounts:self', description: 'Own enterprise' },
        ],
      });
      const contract = await h.createContract({ contentApiId: lookalike.id });
      const before = await h.snapshot();
      const result = await h.request('PATCH', `/v1/contracts/${contract.id}`, {
        body: { scopes: ['accounts:self'] },
      });
      expectProblem(result, 409, 'reserved_for_account_service');
      await h.expectUnchanged(before);
    });
  });
});
