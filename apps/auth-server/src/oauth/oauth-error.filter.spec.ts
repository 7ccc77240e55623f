import type { ArgumentsHost } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { OAuthErrorFilter } from './oauth-error.filter.js';
import { InvalidClient, InvalidScope } from './oauth.errors.js';

interface Sent {
  status?: number;
  headers: Record<string, string>;
  body?: string;
}

function hostFor(sent: Sent): ArgumentsHost {
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    headers(values: Record<string, string>) {
      Object.assign(sent.headers, values);
      return reply;
    },
    send(payload: string) {
      sent.body = payload;
    },
  };
  return {
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({ id: 'req-1' }) }),
  } as unknown as ArgumentsHost;
}

describe('OAuthErrorFilter (RFC 6749 §5.2)', () => {
  const filter = new OAuthErrorFilter();

  it('answers an OAuth error with its code, description and no-store', () => {
    const sent: Sent = { headers: {} };
    filter.catch(new InvalidScope('none of the requested scopes can be granted'), hostFor(sent));
    expect(sent.status).toBe(400);
    expect(sent.headers).toMatchObject({
      'cache-control': 'no-store',
      pragma: 'no-cache',
      'content-type': 'application/json; charset=utf-8',
    });
    expect(sent.headers).not.toHaveProperty('www-authenticate');
    expect(JSON.parse(sent.body!)).toEqual({
      error: 'invalid_scope',
      error_description: 'none of the requested scopes can be granted',
    });
  });

  it('answers invalid_client with 401 and a Basic challenge', () => {
    const sent: Sent = { headers: {} };
    filter.catch(new InvalidClient(), hostFor(sent));
    expect(sent.status).toBe(401);
    expect(sent.headers['www-authenticate']).toBe('Basic realm="charter"');
  });

  it('answers a database outage with 503 temporarily_unavailable and Retry-After', () => {
    const sent: Sent = { headers: {} };
    filter.catch(
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), { code: 'ECONNREFUSED' }),
      hostFor(sent),
    );
    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toBe('2');
    expect(JSON.parse(sent.body!)).toMatchObject({ error: 'temporarily_unavailable' });
    expect(sent.body).not.toContain('10.0.0.7');
  });

  it('answers anything else with a generic server_error, never the cause', () => {
    const sent: Sent = { headers: {} };
    filter.catch(new Error('connection to db-internal-7 refused at /srv/app.js:12'), hostFor(sent));
    expect(sent.status).toBe(500);
    expect(sent.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(sent.body!)).toEqual({
      error: 'server_error',
      error_description: 'the authorization server could not handle the request',
    });
  });
});
