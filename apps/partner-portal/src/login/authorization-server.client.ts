import { Injectable } from '@nestjs/common';
import * as oauth from 'oauth4webapi';
import { PartnerPortalConfig } from '../config/partner-portal.config.js';

/** What the portal keeps between sending the user to log in and the callback. */
export interface PendingLogin {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** A logged-in user, as the code exchange left them. */
export interface LoggedInUser {
  readonly accessToken: string;
  readonly idToken: string;
  readonly subject: string;
  readonly name: string | undefined;
  readonly email: string | undefined;
  readonly expiresAt: Date;
}

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
/** What the portal reads at the content API for its users: asked for at login, then in each exchange. */
export const CONTENT_SCOPE = 'articles:read';

/**
 * The portal as an OAuth client, through oauth4webapi: discovery, the authorization
 * code flow with PKCE and OpenID Connect, RFC 8693 token exchange, RP-initiated logout.
 */
@Injectable()
export class AuthorizationServerClient {
  private metadata?: Promise<oauth.AuthorizationServer>;
  private readonly client: oauth.Client;
  private readonly clientAuth: oauth.ClientAuth;
  private readonly http: { [oauth.allowInsecureRequests]?: boolean };
  /**
   * RFC 9449: the portal's DPoP key, made at start and never exported. The content API tokens it
   * gets by exchange are bound to it, so one copied from the portal's memory or logs is
   * worthless elsewhere.
   */
  private dpopHandle?: Promise<oauth.DPoPHandle>;

  constructor(private readonly config: PartnerPortalConfig) {
    this.client = { client_id: config.PORTAL_CLIENT_ID };
    this.clientAuth = oauth.ClientSecretBasic(config.PORTAL_CLIENT_SECRET);
    // Plain http only where the issuer itself is (a local stack).
    this.http = config.AUTH_ISSUER.startsWith('http:')
      ? { [oauth.allowInsecureRequests]: true }
      : {};
  }

  async startLogin(): Promise<{ url: URL; pending: PendingLogin }> {
    const as = await this.server();
    const pending: PendingLogin = {
      state: oauth.generateRandomState(),
      nonce: oauth.generateRandomNonce(),
      codeVerifier: oauth.generateRandomCodeVerifier(),
    };
    const url = new URL(as.authorization_endpoint ?? `${this.config.AUTH_ISSUER}/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.client.client_id,
      redirect_uri: this.config.redirectUri,
      // RFC 8707 §2 resource + its scope: the downstream access the portal will use on the user's
      // behalf by token exchange. The user sees it on the consent page, and the authorization
      // server exchanges nothing beyond it; the token this login yields is still for the portal.
      scope: `openid profile email ${CONTENT_SCOPE}`,
      resource: this.config.CONTENT_API_AUDIENCE,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oauth.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    }).toString();
    return { url, pending };
  }

  /** Checks the callback against the pending login and redeems the code; throws on any mismatch. */
  async finishLogin(callbackUrl: URL, pending: PendingLogin): Promise<LoggedInUser> {
    const as = await this.server();
    const parameters = oauth.validateAuthResponse(as, this.client, callbackUrl, pending.state);
    // The user's token for the portal itself stays a bearer token: the portal's own API takes it
    // from its front end. What the portal sends on (the exchange, the content API) is DPoP.
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      this.client,
      this.clientAuth,
      parameters,
      this.config.redirectUri,
      pending.codeVerifier,
      this.http,
    );
    const result = await oauth.processAuthorizationCodeResponse(as, this.client, response, {
      expectedNonce: pending.nonce,
      requireIdToken: true,
    });
    const claims = oauth.getValidatedIdTokenClaims(result);
    if (!claims || result.id_token === undefined) {
      throw new Error('the token response carried no id token');
    }
    return {
      accessToken: result.access_token,
      idToken: result.id_token,
      subject: claims.sub,
      name: typeof claims.name === 'string' ? claims.name : undefined,
      email: typeof claims.email === 'string' ? claims.email : undefined,
      expiresAt: new Date(Date.now() + (result.expires_in ?? 300) * 1000),
    };
  }

  /** RFC 8693: the user's token for the portal becomes a token for the content API, on the user's behalf. */
  async exchangeForContentApi(subjectToken: string, scope: string): Promise<string> {
    const as = await this.server();
    const DPoP = await this.dpop();
    const response = await withDpopNonce(() =>
      oauth.genericTokenEndpointRequest(
        as,
        this.client,
        this.clientAuth,
        TOKEN_EXCHANGE,
        {
          subject_token: subjectToken,
          subject_token_type: ACCESS_TOKEN_TYPE,
          resource: this.config.CONTENT_API_AUDIENCE,
          scope,
        },
        { ...this.http, DPoP },
      ),
    );
    const result = await oauth.processGenericTokenEndpointResponse(as, this.client, response);
    return result.access_token;
  }

  /** RFC 9449 §7: a GET at a resource server with the DPoP-bound token and a fresh proof. */
  async readWithDpop(url: URL, accessToken: string): Promise<Response> {
    const DPoP = await this.dpop();
    return withDpopNonce(() =>
      oauth.protectedResourceRequest(accessToken, 'GET', url, undefined, undefined, {
        ...this.http,
        DPoP,
      }),
    );
  }

  /** The DPoP handle (key pair and the servers' nonces), made once. */
  private dpop(): Promise<oauth.DPoPHandle> {
    this.dpopHandle ??= oauth
      .generateKeyPair('ES256')
      .then((keys) => oauth.DPoP(this.client, keys));
    return this.dpopHandle;
  }

  /** OpenID Connect RP-Initiated Logout: end the SSO session too, then come back here. */
  async logoutUrl(idToken: string): Promise<URL> {
    const as = await this.server();
    const url = new URL(as.end_session_endpoint ?? `${this.config.AUTH_ISSUER}/logout`);
    url.search = new URLSearchParams({
      id_token_hint: idToken,
      client_id: this.client.client_id,
      post_logout_redirect_uri: `${this.config.PORTAL_URL}/`,
    }).toString();
    return url;
  }

  /** The issuer's metadata, fetched once; a failed fetch is retried on the next call. */
  server(): Promise<oauth.AuthorizationServer> {
    this.metadata ??= this.discover().catch((error: unknown) => {
      this.metadata = undefined;
      throw error;
    });
    return this.metadata;
  }

  private async discover(): Promise<oauth.AuthorizationServer> {
    const issuer = new URL(this.config.AUTH_ISSUER);
    const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...this.http });
    return oauth.processDiscoveryResponse(issuer, response);
  }
}

/**
 * RFC 9449 §8, §9: a server that wants a nonce answers `use_dpop_nonce` with one; oauth4webapi
 * keeps it in the DPoP handle, and the request is sent once more.
 */
async function withDpopNonce(request: () => Promise<Response>): Promise<Response> {
  try {
    return await request();
  } catch (error) {
    if (oauth.isDPoPNonceError(error)) {
      return request();
    }
    throw error;
  }
}
