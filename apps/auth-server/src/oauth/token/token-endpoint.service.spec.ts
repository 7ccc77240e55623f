import { Metrics } from '@charter/service-kit';
import { describe, expect, it } from 'vitest';
import type { AuthenticatedClient } from '../client-auth/authenticated-client.js';
import { ClientAuthenticator } from '../client-auth/client-authenticator.js';
import {
  InvalidClient,
  InvalidRequest,
  UnauthorizedClient,
  UnsupportedGrantType,
} from '../oauth.errors.js';
import type { GrantHandler, GrantResult } from './grant-handler.js';
import { GrantRegistry } from './grant-registry.js';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import { DpopProofChecker } from '../dpop/dpop-proof.checker.js';
import { TokenAudit } from './token-audit.js';
import { TokenEndpoint } from './token-endpoint.service.js';
import { TokenMetrics } from './token-metrics.js';
import type { TokenRequest } from './token-request.js';

const CLIENT: AuthenticatedClient = {
  clientId: 'portal',
  enterpriseId: null,
  enterpriseStatus: null,
  grantTypes: ['client_credentials'],
  accessTokenTtlSeconds: null,
  platformAccess: null,
  authMethod: 'client_secret_basic',
  resourceServerFor: null,
  securityProfile: null,
};

class FakeAuthenticator extends ClientAuthenticator {
  constructor(private readonly result: AuthenticatedClient | Error) {
    super(
      undefined as never,
      undefined as never,
      undefined as never,
      undefined as never,
      undefined as never,
      undefined as never,
      undefined as never,
    );
  }
  override authenticate(): Promise<AuthenticatedClient> {
    return this.result instanceof Error
      ? Promise.reject(this.result)
      : Promise.resolve(this.result);
  }
}

class RecordingGrant implements GrantHandler {
  readonly parameters: ReadonlySet<string> = new Set(['scope']);
  seen?: TokenRequest;
  constructor(readonly grantType: string) {}
  handle(request: TokenRequest): Promise<GrantResult> {
    this.seen = request;
    return Promise.resolve({
      response: { access_token: 'token', token_type: 'Bearer', expires_in: 60, scope: 'a' },
      issued: { jti: 'jti', audience: 'https://a.example.test', scope: 'a' },
    });
  }
}

class RecordingAudit extends TokenAudit {
  records: string[] = [];
  override tokenIssued(grantType: string): void {
    this.records.push(grantType);
  }
}

const FORM = 'application/x-www-form-urlencoded';

function endpointWith(
  client: AuthenticatedClient | Error = CLIENT,
  grants = [new RecordingGrant('client_credentials'), new RecordingGrant('password')],
) {
  const audit = new RecordingAudit(new AuthServerConfig());
  return {
    endpoint: new TokenEndpoint(
      new FakeAuthenticator(client),
      new GrantRegistry(grants),
      audit,
      // No DPoP header in these requests: the checker answers undefined without its store.
      new DpopProofChecker(new AuthServerConfig(), undefined as never, undefined as never),
      new TokenMetrics(new Metrics({ service: 'auth-server', port: 0, host: '', idLabels: false })),
    ),
    grants,
    audit,
  };
}

describe('TokenEndpoint (the steps every grant shares)', () => {
  it('hands the grant only its declared parameters and writes the audit record', async () => {
    const { endpoint, grants, audit } = endpointWith();
    const response = await endpoint.exchange({
      contentType: FORM,
      authorization: undefined,
      body: 'grant_type=client_credentials&scope=a&username=x&client_id=portal',
    });
    expect(response.access_token).toBe('token');
    expect(grants[0]!.seen?.get('scope')).toBe('a');
    expect(grants[0]!.seen?.has('username')).toBe(false);
    expect(grants[0]!.seen?.has('client_id')).toBe(false);
    expect(audit.records).toEqual(['client_credentials']);
  });

  it('checks the form before authenticating the client', async () => {
    const { endpoint } = endpointWith(new InvalidClient());
    await expect(
      endpoint.exchange({ contentType: FORM, authorization: undefined, body: 'a=1&a=2' }),
    ).rejects.toBeInstanceOf(InvalidRequest);
  });

  it('authenticates the client before looking at grant_type', async () => {
    const { endpoint } = endpointWith(new InvalidClient());
    await expect(
      endpoint.exchange({ contentType: FORM, authorization: undefined, body: 'grant_type=nope' }),
    ).rejects.toBeInstanceOf(InvalidClient);
  });

  it('requires grant_type, knows it, and checks the client may use it', async () => {
    const { endpoint, audit } = endpointWith();
    await expect(
      endpoint.exchange({ contentType: FORM, authorization: undefined, body: '' }),
    ).rejects.toEqual(new InvalidRequest('grant_type is required'));
    await expect(
      endpoint.exchange({ contentType: FORM, authorization: undefined, body: 'grant_type=nope' }),
    ).rejects.toBeInstanceOf(UnsupportedGrantType);
    await expect(
      endpoint.exchange({
        contentType: FORM,
        authorization: undefined,
        body: 'grant_type=password',
      }),
    ).rejects.toBeInstanceOf(UnauthorizedClient);
    expect(audit.records).toEqual([]);
  });
});
