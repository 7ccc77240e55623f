import { isAbsoluteUriWithoutFragment } from '../../token/domain/resource-indicator.js';
import { isDelegatingClient } from './consent.js';

/**
 * The authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, RFC 8707 §2,
 * OpenID Connect Core §3.1.2.1), checked in the order that decides where an
 * error goes: until the client and its redirect URI are proven, errors are shown
 * on our own page (RFC 6749 §4.1.2.1: never redirect to an unproven URI); after,
 * they are redirected to the client. Pure: the client is passed in.
 */

export interface AuthorizeClient {
  readonly clientId: string;
  readonly grantTypes: readonly string[];
  readonly tokenEndpointAuthMethods: readonly string[];
  readonly redirectUris: readonly string[];
  readonly requirePkce: boolean;
}

export type Prompt = 'none' | 'login' | 'consent';

export interface AuthorizationRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state?: string;
  readonly nonce?: string;
  /** Parsed scope; empty when none was asked. */
  readonly scopes: readonly string[];
  /** RFC 8707 §2 resource values, deduplicated, in the order given; empty when none. */
  readonly resources: readonly string[];
  readonly codeChallenge?: string;
  readonly prompts: readonly Prompt[];
  /** OIDC Core §3.1.2.1 max_age in seconds. */
  readonly maxAge?: number;
  readonly loginHint?: string;
  /** RFC 9449 §10: the thumbprint of the DPoP key the code will be bound to. */
  readonly dpopJkt?: string;
  /** OIDC Core §3.1.2.1 acr_values, in order of preference; empty when none was asked. */
  readonly acrValues: readonly string[];
}

/** Errors before the redirect URI is proven: shown on our page. */
export interface PageError {
  readonly kind: 'page';
  readonly title: string;
  readonly description: string;
}

/** RFC 6749 §4.1.2.1 / OIDC Core §3.1.2.6 error codes sent back to the client. */
export type AuthorizeErrorCode =
  | 'invalid_request'
  | 'unauthorized_client'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'server_error'
  | 'login_required'
  | 'consent_required'
  | 'interaction_required';

/** Errors once the redirect URI is proven: redirected to the client. */
export interface RedirectError {
  readonly kind: 'redirect';
  readonly redirectUri: string;
  readonly state?: string;
  readonly error: AuthorizeErrorCode;
  readonly description: string;
}

/** Everything the authorization endpoint reads; the rest (email, password, csrf, decision) is the page's. */
export const AUTHORIZATION_PARAMETERS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'state',
  'nonce',
  'scope',
  'resource',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'max_age',
  'login_hint',
  'dpop_jkt',
  'acr_values',
  'ui_locales',
] as const;

/** RFC 6749 §3.3 scope-token. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
/** RFC 7636 §4.2: S256 gives 43 base64url characters; 43-128 unreserved characters are accepted. */
const CODE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;
/** RFC 7638 SHA-256 thumbprint, base64url: 43 characters. */
const JWK_THUMBPRINT = /^[A-Za-z0-9_-]{43}$/;

/** Reads parameters; a repeated one is an error (RFC 6749 §3.1), an empty one counts as absent. */
export type Parameters = ReadonlyMap<string, readonly string[]>;

export function checkAuthorizationRequest(
  parameters: Parameters,
  findClient: (clientId: string) => AuthorizeClient | null,
): AuthorizationRequest | PageError | RedirectError {
  const single = (name: string): string | undefined | null => {
    const values = parameters.get(name) ?? [];
    if (values.length > 1) {
      return null;
    }
    return values[0] === '' ? undefined : values[0];
  };
  const page = (title: string, description: string): PageError => ({
    kind: 'page',
    title,
    description,
  });

  // RFC 6749 §4.1.2.1: missing, invalid or mismatching client_id / redirect_uri → not redirected.
  const clientId = single('client_id');
  if (clientId === null || clientId === undefined) {
    return page('Unknown application', 'The request does not name the application (client_id).');
  }
  const client = findClient(clientId);
  if (!client) {
    return page('Unknown application', 'This application is not known or not available.');
  }
  const givenRedirect = single('redirect_uri');
  if (givenRedirect === null) {
    return page('Invalid redirect', 'redirect_uri is included more than once.');
  }
  // RFC 6749 §3.1.2.3: with one registered URI the parameter may be left out; otherwise it must match exactly.
  const redirectUri =
    givenRedirect ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined);
  if (redirectUri === undefined || !client.redirectUris.includes(redirectUri)) {
    return page(
      'Invalid redirect',
      'The redirect URI is missing or is not registered for this application.',
    );
  }

  const stateValue = single('state');
  const state = stateValue ?? undefined;
  const redirect = (error: AuthorizeErrorCode, description: string): RedirectError => ({
    kind: 'redirect',
    redirectUri,
    ...(state === undefined ? {} : { state }),
    error,
    description,
  });
  for (const name of AUTHORIZATION_PARAMETERS) {
    if (name !== 'resource' && single(name) === null) {
      return redirect('invalid_request', `parameter ${name} is included more than once`);
    }
  }

  // RFC 6749 §4.1.1: response_type=code is the only one offered.
  const responseType = single('response_type');
  if (responseType === undefined) {
    return redirect('invalid_request', 'response_type is required');
  }
  if (responseType !== 'code') {
    return redirect('unsupported_response_type', 'only response_type=code is supported');
  }
  if (!client.grantTypes.includes('authorization_code')) {
    return redirect('unauthorized_client', 'the client may not use the authorization code grant');
  }

  const scopeValue = single('scope') ?? undefined;
  const scopes = scopeValue === undefined ? [] : scopeValue.split(' ').filter((s) => s !== '');
  if (scopeValue !== undefined && !scopes.every((scope) => SCOPE_TOKEN.test(scope))) {
    return redirect('invalid_scope', 'scope is malformed');
  }

  // RFC 8707 §2: each an absolute URI without fragment. The parameter may be repeated by a
  // portal naming the APIs it will reach by token exchange; any other client's code yields a
  // token for its resource, and a token has one audience, so one.
  const resources = [
    ...new Set((parameters.get('resource') ?? []).filter((value) => value !== '')),
  ];
  if (resources.length > 1 && !isDelegatingClient(client)) {
    return redirect('invalid_target', 'only one resource per request is supported');
  }
  if (!resources.every((resource) => isAbsoluteUriWithoutFragment(resource))) {
    return redirect('invalid_target', 'resource must be an absolute URI without a fragment');
  }

  // RFC 7636 §4.3, §4.4.1: S256 only; required for public clients and when the client requires PKCE.
  const codeChallenge = single('code_challenge') ?? undefined;
  const method = single('code_challenge_method') ?? undefined;
  const isPublic = client.tokenEndpointAuthMethods.includes('none');
  if (codeChallenge === undefined) {
    if (method !== undefined) {
      return redirect('invalid_request', 'code_challenge_method without code_challenge');
    }
    if (isPublic || client.requirePkce) {
      return redirect('invalid_request', 'code_challenge (PKCE, S256) is required');
    }
  } else {
    if (method !== 'S256') {
      return redirect('invalid_request', 'code_challenge_method must be S256');
    }
    if (!CODE_CHALLENGE.test(codeChallenge)) {
      return redirect('invalid_request', 'code_challenge is malformed');
    }
  }

  // OIDC Core §3.1.2.1: prompt is a space-delimited list; none with anything else is an error.
  const promptValue = single('prompt') ?? undefined;
  const prompts = promptValue === undefined ? [] : promptValue.split(' ').filter((p) => p !== '');
  if (!prompts.every((prompt): prompt is Prompt => ['none', 'login', 'consent'].includes(prompt))) {
    return redirect('invalid_request', 'prompt may only hold none, login and consent');
  }
  if (prompts.includes('none') && prompts.length > 1) {
    return redirect('invalid_request', 'prompt=none cannot be combined with other values');
  }
  const maxAgeValue = single('max_age') ?? undefined;
  if (maxAgeValue !== undefined && !/^\d{1,9}$/.test(maxAgeValue)) {
    return redirect('invalid_request', 'max_age must be a non-negative integer');
  }
  const nonce = single('nonce') ?? undefined;
  const loginHint = single('login_hint') ?? undefined;
  // RFC 9449 §10: dpop_jkt is the JWK SHA-256 thumbprint of the key the client will prove.
  const dpopJkt = single('dpop_jkt') ?? undefined;
  if (dpopJkt !== undefined && !JWK_THUMBPRINT.test(dpopJkt)) {
    return redirect('invalid_request', 'dpop_jkt must be a JWK SHA-256 thumbprint');
  }
  // OIDC Core §3.1.2.1: acr_values is a space-separated list; values we do not know are ignored.
  const acrValues = (single('acr_values') ?? '').split(' ').filter((value) => value !== '');
  return {
    clientId,
    redirectUri,
    scopes: [...new Set(scopes)],
    resources,
    prompts,
    acrValues,
    ...(state === undefined ? {} : { state }),
    ...(nonce === undefined ? {} : { nonce }),
    ...(codeChallenge === undefined ? {} : { codeChallenge }),
    ...(maxAgeValue === undefined ? {} : { maxAge: Number(maxAgeValue) }),
    ...(loginHint === undefined ? {} : { loginHint }),
    ...(dpopJkt === undefined ? {} : { dpopJkt }),
  };
}

/** Where the client gets the result: the redirect URI with the parameters added to its query (RFC 6749 §4.1.2). */
export function redirectLocation(
  redirectUri: string,
  parameters: Record<string, string | undefined>,
): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined) {
      url.searchParams.append(name, value);
    }
  }
  return url.toString();
}
