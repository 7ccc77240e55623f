import { describe, expect, it } from 'vitest';
import { knownScopes, type KnownScopesInput, unknownScopes } from './scope-catalogue.js';

const ARTICLES = 'https://articles.example.test';
const REPORTS = 'https://reports.example.test';
const ACCOUNTS = 'http://localhost:3001';

const input = (overrides: Partial<KnownScopesInput> = {}): KnownScopesInput => ({
  catalogues: [
    {
      resourceIndicator: ARTICLES,
      scopes: [{ name: 'articles:read' }, { name: 'articles:search' }],
    },
    { resourceIndicator: REPORTS, scopes: [{ name: 'reports:read' }] },
  ],
  accountServiceAudience: ACCOUNTS,
  platformAccess: null,
  resources: [],
  ...overrides,
});

const unknown = (requested: string[], overrides: Partial<KnownScopesInput> = {}): string[] =>
  unknownScopes(requested, knownScopes(input(overrides)));

describe('unknown scopes (RFC 6749 §3.3, §5.2)', () => {
  it('a named resource defines its catalogue; OIDC scopes are always known', () => {
    expect(
      unknown(['openid', 'profile', 'email', 'offline_access', 'articles:read'], {
        resources: [ARTICLES],
      }),
    ).toEqual([]);
    expect(
      unknown(['articles:read', 'reports:read', 'articles:raed'], { resources: [ARTICLES] }),
    ).toEqual(['reports:read', 'articles:raed']);
  });

  it('without a resource, any scope some target defines is known', () => {
    expect(unknown(['articles:read', 'reports:read', 'accounts:self'])).toEqual([]);
    expect(unknown(['articles:read', 'nope'])).toEqual(['nope']);
  });

  it("the account service's scopes, and a platform client's own, at their audience", () => {
    expect(unknown(['accounts:self', 'accounts:admin'], { resources: [ACCOUNTS] })).toEqual([]);
    expect(unknown(['articles:read'], { resources: [ACCOUNTS] })).toEqual(['articles:read']);
    const platformAccess = { audience: 'https://ops.example.test', scopes: ['ops:run'] };
    expect(
      unknown(['ops:run'], { resources: ['https://ops.example.test'], platformAccess }),
    ).toEqual([]);
  });

  it('a target nobody defines is left to invalid_target (nothing reported unknown)', () => {
    expect(knownScopes(input({ resources: ['https://nowhere.example.test'] }))).toBeNull();
    expect(unknown(['anything'], { resources: ['https://nowhere.example.test'] })).toEqual([]);
  });

  it('several named resources (a portal at /authorize): the union of their catalogues', () => {
    expect(unknown(['articles:read', 'reports:read'], { resources: [ARTICLES, REPORTS] })).toEqual(
      [],
    );
  });
});
