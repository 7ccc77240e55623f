import { describe, expect, it } from 'vitest';
import type { ContractTerms } from '../../token/domain/access-selection.js';
import {
  INACTIVE,
  type IntrospectedToken,
  type IntrospectionFacts,
  introspection,
  type RefreshIntrospectionFacts,
  refreshTokenIntrospection,
} from './introspection.js';

const NOW = new Date('2026-01-02T03:04:05.000Z');
const T = Math.floor(NOW.getTime() / 1000);
const ENTERPRISE = '7b7c1f4e-2f6b-4c7e-8f3e-0a1b2c3d4e5f';
const CONTRACT = '3f1c2a64-5f1d-4a43-9c55-0d2f3f1b2a10';
const API = 'https://articles.example.test';

const token = (overrides: Partial<IntrospectedToken> = {}): IntrospectedToken => ({
  jti: 'jti-1',
  subject: 'portal',
  clientId: 'portal',
  audience: API,
  scope: 'articles:read',
  issuedAt: T - 60,
  expiresAt: T + 540,
  enterpriseId: ENTERPRISE,
  contractId: CONTRACT,
  ...overrides,
});

const contract = (overrides: Partial<ContractTerms> = {}): ContractTerms => ({
  id: CONTRACT,
  enterpriseId: ENTERPRISE,
  resourceIndicator: API,
  scopes: ['articles:read'],
  validFrom: new Date('2026-01-01T00:00:00Z'),
  validUntil: null,
  status: 'active',
  ...overrides,
});

const ask = (overrides: Partial<IntrospectionFacts> = {}) =>
  introspection({
    token: token(),
    callerClientId: 'portal',
    callerResourceServerFor: null,
    issuer: 'https://as.example.test',
    revoked: false,
    contract: contract(),
    enterpriseStatus: 'active',
    now: NOW,
    ...overrides,
  });

describe('introspection (RFC 7662 §2.2)', () => {
  it('describes an active token of the caller', () => {
    expect(ask()).toEqual({
      active: true,
      scope: 'articles:read',
      client_id: 'portal',
      sub: 'portal',
      aud: API,
      iss: 'https://as.example.test',
      exp: T + 540,
      iat: T - 60,
      jti: 'jti-1',
      token_type: 'Bearer',
      enterprise_id: ENTERPRISE,
      contract_id: CONTRACT,
    });
  });

  it('describes a platform token without contract claims', () => {
    const { enterpriseId: _e, contractId: _c, ...platform } = token();
    const answer = ask({ token: platform, contract: undefined, enterpriseStatus: null });
    expect(answer).toMatchObject({ active: true });
    expect(answer).not.toHaveProperty('contract_id');
    expect(answer).not.toHaveProperty('enterprise_id');
  });

  it.each<[string, Partial<IntrospectionFacts>]>([
    ['a token that did not verify', { token: null }],
    ["another client's token", { callerClientId: 'other' }],
    ['an expired token', { token: token({ expiresAt: T }) }],
    ['a revoked token', { revoked: true }],
    ['an unknown contract', { contract: undefined }],
    ['another contract', { contract: contract({ id: 'a2c1e6f0-0000-4000-8000-000000000001' }) }],
    ['a contract of another enterprise', { contract: contract({ enterpriseId: 'x' }) }],
    ['a contract for another API', { contract: contract({ resourceIndicator: 'https://x.test' }) }],
    ['a suspended contract', { contract: contract({ status: 'suspended' }) }],
    ['a terminated contract', { contract: contract({ status: 'terminated' }) }],
    ['a contract that has ended', { contract: contract({ validUntil: NOW }) }],
    ['an enterprise not active', { enterpriseStatus: 'suspended' }],
    ['an enterprise unknown', { enterpriseStatus: null }],
  ])('answers only {active: false} for %s', (_case, facts) => {
    expect(ask(facts)).toEqual(INACTIVE);
  });
});

describe('who may introspect an access token (RFC 7662 §4)', () => {
  it('the resource server of the token audience, for any client of it', () => {
    expect(ask({ callerClientId: 'articles-rs', callerResourceServerFor: API })).toMatchObject({
      active: true,
      client_id: 'portal',
      aud: API,
    });
  });

  it.each<[string, Partial<IntrospectionFacts>]>([
    ['another client', { callerClientId: 'sibling' }],
    [
      'the resource server of another API',
      { callerClientId: 'reports-rs', callerResourceServerFor: 'https://reports.example.test' },
    ],
  ])('not %s', (_case, facts) => {
    expect(ask(facts)).toEqual(INACTIVE);
  });
});

describe('refresh token introspection (RFC 7662 §2.1)', () => {
  const refresh = (overrides: Partial<RefreshIntrospectionFacts> = {}) =>
    refreshTokenIntrospection({
      token: {
        clientId: 'portal',
        userId: 'user-1',
        scopes: ['openid', 'profile', 'openid'],
        expiresAt: new Date(NOW.getTime() + 3_600_000),
        usedAt: null,
        familyRevokedAt: null,
      },
      callerClientId: 'portal',
      userCanHaveTokens: true,
      now: NOW,
      ...overrides,
    });

  it('describes a live refresh token to its client', () => {
    expect(refresh()).toEqual({
      active: true,
      client_id: 'portal',
      scope: 'openid profile',
      exp: T + 3600,
      token_type: 'refresh_token',
      sub: 'user-1',
    });
  });

  it.each<[string, Partial<RefreshIntrospectionFacts>]>([
    ['unknown', { token: null }],
    ['another client', { callerClientId: 'sibling' }],
    ['a user who may no longer have tokens', { userCanHaveTokens: false }],
  ])('answers only {active: false} for %s', (_case, facts) => {
    expect(refresh(facts)).toEqual(INACTIVE);
  });

  it('answers only {active: false} once spent, revoked or expired', () => {
    for (const change of [{ usedAt: NOW }, { familyRevokedAt: NOW }, { expiresAt: NOW }]) {
      expect(
        refreshTokenIntrospection({
          token: {
            clientId: 'portal',
            userId: 'user-1',
            scopes: ['openid'],
            expiresAt: new Date(NOW.getTime() + 1000),
            usedAt: null,
            familyRevokedAt: null,
            ...change,
          },
          callerClientId: 'portal',
          userCanHaveTokens: true,
          now: NOW,
        }),
      ).toEqual(INACTIVE);
    }
  });
});
