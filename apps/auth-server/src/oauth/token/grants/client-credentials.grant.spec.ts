import { Clock } from '@charter/service-kit';
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthServerConfig } from '../../../config/auth-server.config.js';
import { TokenSigner } from '../../../keys/token-signer.js';
import { ContentApisRepository } from '../../../projection/content-apis.repository.js';
import { ContractsRepository } from '../../../projection/contracts.repository.js';
import type { ProjectedContentApi } from '../../../projection/entities/projected-content-api.entity.js';
import type { ProjectedContract } from '../../../projection/entities/projected-contract.entity.js';
import type { AuthenticatedClient } from '../../client-auth/authenticated-client.js';
import {
  InvalidRequest,
  InvalidScope,
  InvalidTarget,
  UnauthorizedClient,
} from '../../oauth.errors.js';
import { AccessTokenIssuer } from '../access-token.issuer.js';
import { ScopeCatalogue } from '../scope-catalogue.js';
import { TokenRequest } from '../token-request.js';
import { ClientCredentialsGrant } from './client-credentials.grant.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const ENTERPRISE = 'e0000000-0000-4000-8000-000000000001';
const ARTICLES = 'https://articles.example.test';

class FixedClock extends Clock {
  now(): Date {
    return NOW;
  }
}

class InMemoryContracts extends ContractsRepository {
  constructor(private readonly rows: ProjectedContract[]) {
    super();
  }
  findByEnterprise(enterpriseId: string): Promise<ProjectedContract[]> {
    return Promise.resolve(this.rows.filter((row) => row.enterpriseId === enterpriseId));
  }
}

/** The projected scope catalogues: the articles API defines one scope no contract here covers. */
class InMemoryContentApis extends ContentApisRepository {
  findAll(): Promise<readonly ProjectedContentApi[]> {
    const api = (resourceIndicator: string, names: string[]): ProjectedContentApi => ({
      id: resourceIndicator,
      name: resourceIndicator,
      resourceIndicator,
      scopes: names.map((name) => ({ name, description: name })),
      version: 1,
      updatedAt: NOW,
    });
    return Promise.resolve([
      api(ARTICLES, ['articles:read', 'articles:search', 'articles:export']),
      api('https://reports.example.test', ['reports:read']),
    ]);
  }
}

/** Unsigned stand-in: the claims and header are what the grant decides; signing has its own tests. */
class RecordingSigner extends TokenSigner {
  sign(payload: JWTPayload, typ: string): Promise<string> {
    const part = (value: object): string =>
      Buffer.from(JSON.stringify(value)).toString('base64url');
    return Promise.resolve(`${part({ alg: 'ES256', typ, kid: 'test' })}.${part(payload)}.sig`);
  }
}

function buildContract(overrides: Partial<ProjectedContract> = {}): ProjectedContract {
  return {
    id: 'c0000000-0000-4000-8000-000000000001',
    enterpriseId: ENTERPRISE,
    contentApiId: 'a0000000-0000-4000-8000-000000000001',
    resourceIndicator: ARTICLES,
    scopes: ['articles:read', 'articles:search'],
    validFrom: new Date('2026-01-01T00:00:00Z'),
    validUntil: null,
    status: 'active',
    deletedAt: null,
    version: 1,
    updatedAt: NOW,
    ...overrides,
  };
}

function buildClient(overrides: Partial<AuthenticatedClient> = {}): AuthenticatedClient {
  return {
    clientId: 'portal',
    enterpriseId: ENTERPRISE,
    enterpriseStatus: 'active',
    grantTypes: ['client_credentials'],
    accessTokenTtlSeconds: null,
    platformAccess: null,
    authMethod: 'client_secret_basic',
    resourceServerFor: null,
    securityProfile: null,
    ...overrides,
  };
}

function grantWith(contracts: ProjectedContract[] = [buildContract()]): ClientCredentialsGrant {
  const config = Object.assign(new AuthServerConfig(), {
    AUTH_ISSUER: 'http://issuer.test',
    TOKEN_ACCESS_TTL: 600,
  });
  return new ClientCredentialsGrant(
    new InMemoryContracts(contracts),
    new AccessTokenIssuer(config, new RecordingSigner()),
    new FixedClock(),
    config,
    new ScopeCatalogue(config, new InMemoryContentApis()),
  );
}

const request = (params: Record<string, string | string[]> = {}): TokenRequest =>
  new TokenRequest(
    new Map(
      Object.entries(params).map(([name, value]) => [name, Array.isArray(value) ? value : [value]]),
    ),
  );

describe('ClientCredentialsGrant', () => {
  it('declares scope and resource only', () => {
    expect([...grantWith().parameters]).toEqual(['scope', 'resource']);
  });

  it('issues an at+jwt with the RFC 9068 claims and the contract ids', async () => {
    const { response, issued } = await grantWith().handle(
      request({ resource: ARTICLES }),
      buildClient(),
    );
    expect(response).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 600,
      scope: 'articles:read articles:search',
    });
    expect(decodeProtectedHeader(response.access_token)).toMatchObject({ typ: 'at+jwt' });
    const iat = NOW.getTime() / 1000;
    expect(decodeJwt(response.access_token)).toEqual({
      iss: 'http://issuer.test',
      sub: 'portal',
      aud: ARTICLES,
      client_id: 'portal',
      scope: 'articles:read articles:search',
      jti: issued.jti,
      iat,
      exp: iat + 600,
      enterprise_id: ENTERPRISE,
      contract_id: 'c0000000-0000-4000-8000-000000000001',
    });
    expect(issued).toEqual({
      jti: expect.stringMatching(/^[\w-]{22}$/),
      audience: ARTICLES,
      scope: 'articles:read articles:search',
      contractId: 'c0000000-0000-4000-8000-000000000001',
    });
  });

  it("uses the client's lifetime, capped at a day, and never past the contract's end", async () => {
    expect(
      (await grantWith().handle(request(), buildClient({ accessTokenTtlSeconds: 120 }))).response
        .expires_in,
    ).toBe(120);
    expect(
      (await grantWith().handle(request(), buildClient({ accessTokenTtlSeconds: 10 * 86_400 })))
        .response.expires_in,
    ).toBe(86_400);
    const ending = buildContract({ validUntil: new Date(NOW.getTime() + 90_000) });
    expect((await grantWith([ending]).handle(request(), buildClient())).response.expires_in).toBe(
      90,
    );
  });

  it('narrows away a scope the API defines but the contract does not cover, and says so', async () => {
    const { response } = await grantWith().handle(
      request({ scope: 'articles:read articles:export' }),
      buildClient(),
    );
    expect(response.scope).toBe('articles:read');
    expect(decodeJwt(response.access_token).scope).toBe('articles:read');
  });

  it.each([
    ['a scope nothing grants', { scope: 'reports:read' }, InvalidScope],
    [
      'a scope no API defines (RFC 6749 §5.2 unknown), beside a good one',
      { scope: 'articles:read nope' },
      InvalidScope,
    ],
    [
      'a scope the named resource does not define',
      { scope: 'articles:read reports:read', resource: ARTICLES },
      InvalidScope,
    ],
    ['a malformed scope', { scope: 'a"b' }, InvalidScope],
    ['an unknown resource', { resource: 'https://other.example.test' }, InvalidTarget],
    ['a relative resource', { resource: '/articles' }, InvalidTarget],
    ['a resource with a fragment', { resource: `${ARTICLES}#x` }, InvalidTarget],
    ['several resources', { resource: [ARTICLES, ARTICLES] }, InvalidTarget],
  ])('refuses %s', async (_case, params, error) => {
    await expect(grantWith().handle(request(params), buildClient())).rejects.toBeInstanceOf(error);
  });

  it('refuses a suspended contract with unauthorized_client', async () => {
    const grant = grantWith([buildContract({ status: 'suspended' })]);
    await expect(grant.handle(request({ resource: ARTICLES }), buildClient())).rejects.toEqual(
      new UnauthorizedClient('no contract in force for this resource'),
    );
    await expect(grant.handle(request(), buildClient())).rejects.toEqual(
      new UnauthorizedClient('no contract in force'),
    );
  });

  it('asks for resource when several match', async () => {
    const grant = grantWith([
      buildContract(),
      buildContract({
        id: 'c0000000-0000-4000-8000-000000000002',
        resourceIndicator: 'https://reports.example.test',
      }),
    ]);
    await expect(grant.handle(request(), buildClient())).rejects.toEqual(
      new InvalidRequest('several resources match; pass resource'),
    );
  });

  it('issues platform access to a client without enterprise, without contract claims', async () => {
    const client = buildClient({
      enterpriseId: null,
      enterpriseStatus: null,
      platformAccess: { audience: 'http://localhost:3001', scopes: ['accounts:admin'] },
    });
    const { response } = await grantWith().handle(request(), client);
    const claims = decodeJwt(response.access_token);
    expect(claims).toMatchObject({
      aud: 'http://localhost:3001',
      scope: 'accounts:admin',
      sub: 'portal',
    });
    expect(claims).not.toHaveProperty('enterprise_id');
    expect(claims).not.toHaveProperty('contract_id');
  });
});
