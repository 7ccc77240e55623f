import { describe, expect, it } from 'vitest';
import { InvalidRequest } from '../oauth.errors.js';
import { isFormContentType, parseTokenRequest } from './token-request.js';

const FORM = 'application/x-www-form-urlencoded';

describe('parseTokenRequest', () => {
  it('decodes form encoding (+ is a space, percent escapes are UTF-8)', () => {
    const request = parseTokenRequest(FORM, 'grant_type=client_credentials&scope=a+b%20c&x=%C3%A9');
    expect(request.get('grant_type')).toBe('client_credentials');
    expect(request.get('scope')).toBe('a b c');
    expect(request.get('x')).toBe('é');
  });

  it('refuses a repeated parameter (§3.2)', () => {
    expect(() => parseTokenRequest(FORM, 'scope=a&scope=b')).toThrow(
      new InvalidRequest('parameter scope is included more than once'),
    );
  });

  it('refuses a repeated parameter whatever its spelling in the body', () => {
    expect(() => parseTokenRequest(FORM, 'scope=a&%73cope=b')).toThrow(InvalidRequest);
  });

  it('lets resource repeat (RFC 8707 §2)', () => {
    expect(
      parseTokenRequest(FORM, 'resource=https%3A%2F%2Fa&resource=https%3A%2F%2Fb').getAll(
        'resource',
      ),
    ).toEqual(['https://a', 'https://b']);
  });

  it('treats an empty value as omitted (§3.1), also for repeats', () => {
    const request = parseTokenRequest(FORM, 'scope=&scope=a&code&&');
    expect(request.get('scope')).toBe('a');
    expect(request.has('code')).toBe(false);
  });

  it('refuses malformed percent encoding', () => {
    expect(() => parseTokenRequest(FORM, 'scope=%E0%A4%A')).toThrow(
      new InvalidRequest('the body is not valid form encoding'),
    );
  });

  it.each([
    ['JSON', 'application/json', { grant_type: 'client_credentials' }],
    ['no content type', undefined, 'grant_type=client_credentials'],
    ['text', 'text/plain', 'grant_type=client_credentials'],
    ['no body', FORM, undefined],
  ])('refuses %s', (_case, contentType, body) => {
    expect(() => parseTokenRequest(contentType, body)).toThrow(
      new InvalidRequest('the body must be application/x-www-form-urlencoded'),
    );
  });

  it('keeps only declared parameters', () => {
    const request = parseTokenRequest(FORM, 'scope=a&username=u').only(new Set(['scope']));
    expect(request.get('scope')).toBe('a');
    expect(request.has('username')).toBe(false);
  });

  it('keeps parameter names in descriptions to allowed characters', () => {
    expect(() => parseTokenRequest(FORM, '%22x%22=1&%22x%22=2')).toThrow(
      new InvalidRequest('parameter ?x? is included more than once'),
    );
  });
});

describe('isFormContentType', () => {
  it.each([
    [FORM, true],
    ['Application/X-WWW-Form-Urlencoded; charset=UTF-8', true],
    ['application/x-www-form-urlencodedx', false],
    [undefined, false],
  ])('%s → %s', (value, expected) => {
    expect(isFormContentType(value)).toBe(expected);
  });
});
