import {
  generatedRequest,
  type OpenApiDocument,
  type Operation,
  openApiOperations,
} from '@charter/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';

/**
 * Generated path parameters, query strings and bodies to every route of the account service's
 * OpenAPI document, as the platform admin: never a 5xx, every 4xx a problem document, and a
 * refused write changes no row and emits no event.
 */
describe('account service under generated input', () => {
  let h: Harness;
  let operations: Operation[];

  beforeAll(async () => {
    h = await Harness.start();
    const document = (await h.request<OpenApiDocument>('GET', '/docs/json', { token: null })).body;
    operations = openApiOperations(document);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('covers the documented routes', () => {
    expect(operations.length).toBeGreaterThan(20);
  });

  it('answers every generated request below 500, with a problem document for each refusal', async () => {
    const token = await h.adminToken();
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(generatedRequest(operation), async (request) => {
          const before = operation.method === 'GET' ? undefined : await h.snapshot();
          const result = await h.request(operation.method, request.path, {
            token,
            ...(request.body === undefined ? {} : { rawBody: request.body }),
          });
          const where = `${operation.method} ${request.path.slice(0, 200)} → ${result.status} ${result.text.slice(0, 300)}`;
          expect(result.status, where).toBeLessThan(500);
          if (result.status >= 400) {
            expect(result.headers.get('content-type'), where).toMatch(
              /^application\/problem\+json/,
            );
            if (before !== undefined) {
              await h.expectUnchanged(before);
            }
          }
        }),
        { numRuns: 12, seed: 20261207 },
      );
    }
  }, 600_000);
});
