import { Logger } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import type { AuthenticatedClient } from '../client-auth/authenticated-client.js';
import { TokenAudit } from './token-audit.js';

const CLIENT: AuthenticatedClient = {
  clientId: 'portal',
  enterpriseId: 'e1',
  enterpriseStatus: 'active',
  grantTypes: ['client_credentials'],
  accessTokenTtlSeconds: null,
  platformAccess: null,
  authMethod: 'client_secret_basic',
  resourceServerFor: null,
  securityProfile: null,
};
const ISSUED = { jti: 'j1', audience: 'https://a.example.test', scope: 'a', contractId: 'k1' };

const auditAt = (level: AuthServerConfig['LOG_LEVEL']): TokenAudit =>
  new TokenAudit(Object.assign(new AuthServerConfig(), { LOG_LEVEL: level }));

describe('TokenAudit', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes one info record per token, never the token itself', () => {
    const log = vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    auditAt('info').tokenIssued('client_credentials', CLIENT, ISSUED);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatchObject({
      audit: 'token_issued',
      clientId: 'portal',
      contractId: 'k1',
      jti: 'j1',
    });
  });

  it('builds nothing below info, where the line would be dropped anyway', () => {
    const log = vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    auditAt('warn').tokenIssued('client_credentials', CLIENT, ISSUED);
    expect(log).not.toHaveBeenCalled();
  });
});
