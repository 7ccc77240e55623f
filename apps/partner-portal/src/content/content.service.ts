import { Injectable, Logger } from '@nestjs/common';
import { ProblemException } from '@charter/service-kit';
import * as oauth from 'oauth4webapi';
import { PartnerPortalConfig } from '../config/partner-portal.config.js';
import { AuthorizationServerClient, CONTENT_SCOPE } from '../login/authorization-server.client.js';

export interface ArticleSummary {
  readonly id: string;
  readonly title: string;
  readonly publishedAt: string;
}

/** What the content API answered for a user, through the portal. */
export interface UserContent {
  /** The content API's view of the caller (`/v1/me`): the user, and the portal acting for them. */
  readonly caller: Record<string, unknown>;
  readonly articles: readonly ArticleSummary[];
}

/**
 * The portal as a client of the content API on a user's behalf: it exchanges the
 * user's token for one to the content API (RFC 8693) and reads with it.
 */
@Injectable()
export class ContentService {
  private readonly logger = new Logger(ContentService.name);

  constructor(
    private readonly authorizationServer: AuthorizationServerClient,
    private readonly config: PartnerPortalConfig,
  ) {}

  async forUser(userToken: string): Promise<UserContent> {
    const contentToken = await this.exchange(userToken);
    const [caller, articles] = await Promise.all([
      this.read<Record<string, unknown>>('/v1/me', contentToken),
      this.read<{ items: ArticleSummary[] }>('/v1/articles?limit=5', contentToken),
    ]);
    return {
      caller,
      articles: articles.items.map(({ id, title, publishedAt }) => ({ id, title, publishedAt })),
    };
  }

  private async exchange(userToken: string): Promise<string> {
    try {
      return await this.authorizationServer.exchangeForContentApi(userToken, CONTENT_SCOPE);
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError) {
        // The authorization server said no (no contract, user disabled…): the user may not read.
        throw new ProblemException({
          status: 403,
          code: 'content_access_refused',
          title: 'Content access refused',
          detail: `The authorization server refused the token exchange (${error.error}).`,
        });
      }
      this.logger.warn(
        `token exchange failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw unavailable('The authorization server could not be reached.');
    }
  }

  private async read<T>(path: string, token: string): Promise<T> {
    let response: Response;
    try {
      // The exchanged token is DPoP-bound to the portal's key: sent with a proof (RFC 9449 §7).
      response = await this.authorizationServer.readWithDpop(
        new URL(`${this.config.CONTENT_API_URL}${path}`),
        token,
      );
    } catch (error) {
      if (error instanceof oauth.WWWAuthenticateChallengeError) {
        throw new ProblemException({
          status: 403,
          code: 'content_access_refused',
          title: 'Content access refused',
          detail: `The content API refused the request (${error.status}).`,
        });
      }
      throw unavailable('The content API could not be reached.');
    }
    if (response.status === 401 || response.status === 403) {
      throw new ProblemException({
        status: 403,
        code: 'content_access_refused',
        title: 'Content access refused',
        detail: `The content API refused the request (${response.status}).`,
      });
    }
    if (!response.ok) {
      throw unavailable(`The content API answered ${response.status}.`);
    }
    return (await response.json()) as T;
  }
}

function unavailable(detail: string): ProblemException {
  return new ProblemException({
    status: 502,
    code: 'upstream_unavailable',
    title: 'Upstream service unavailable',
    detail,
  });
}
