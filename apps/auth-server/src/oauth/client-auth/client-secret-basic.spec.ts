import { describe, expect, it } from 'vitest';
import { InvalidClient } from '../oauth.errors.js';
import { readBasicCredentials } from './client-secret-basic.js';

const basic = (raw: string): string => `Basic ${Buffer.from(raw, 'utf8').toString('base64')}`;

describe('readBasicCredentials (RFC 6749 §2.3.1)', () => {
  it('reads id and secret', () => {
    expect(readBasicCredentials(basic('client:secret'))).toEqual({
      clientId: 'client',
      secret: 'secret',
    });
  });

  it('form-decodes each part, so a colon in the id is %3A and + is a space', () => {
    expect(readBasicCredentials(basic('my%3Aclient:p%2Bw+rd%3A'))).toEqual({
      clientId: 'my:client',
      secret: 'p+w rd:',
    });
  });

  it('splits at the first colon (the secret may hold raw colons)', () => {
    expect(readBasicCredentials(basic('client:a:b'))).toEqual({
      clientId: 'client',
      secret: 'a:b',
    });
  });

  it('accepts the scheme in any case', () => {
    expect(readBasicCredentials(`bAsIc ${Buffer.from('c:s').toString('base64')}`)).toEqual({
      clientId: 'c',
      secret: 's',
    });
  });

  it.each([
    ['another scheme', 'Bearer abc'],
    ['no credentials', 'Basic'],
    ['not base64', 'Basic !!!'],
    ['no colon', basic('client')],
    ['empty id', basic(':secret')],
    ['empty secret', basic('client:')],
    ['bad percent encoding', basic('%zz:secret')],
  ])('refuses %s with invalid_client', (_case, header) => {
    expect(() => readBasicCredentials(header)).toThrow(InvalidClient);
  });
});
