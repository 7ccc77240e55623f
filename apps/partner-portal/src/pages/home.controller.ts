import { Public } from '@charter/auth';
import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PartnerPortalConfig } from '../config/partner-portal.config.js';
import type { UserContent } from '../content/content.service.js';
import { SESSION_COOKIE } from '../login/login.controller.js';
import { SessionStore } from '../login/session.store.js';
import { escapeHtml, page, PAGE_HEADERS } from './html.js';

/**
 * The portal's page. It renders on the server what the portal's own API answers
 * for the logged-in user's token, exactly as a browser front end would call it.
 */
@Public()
@Controller()
export class HomeController {
  constructor(
    private readonly sessions: SessionStore,
    private readonly config: PartnerPortalConfig,
  ) {}

  @Get()
  async home(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const user = this.sessions.find(request.cookies[SESSION_COOKIE]);
    const html = user
      ? await this.dashboard(user.accessToken, user.name ?? user.email ?? user.subject)
      : welcome();
    void reply.headers(PAGE_HEADERS).send(html);
  }

  private async dashboard(accessToken: string, who: string): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${this.config.PORT}/api/content`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const body = (await response.json()) as
      (UserContent & { user: string }) | { detail?: string; title?: string };
    const logout = `<form method="post" action="/logout"><button type="submit">Log out</button></form>`;
    if (!response.ok || !('articles' in body)) {
      const detail = 'detail' in body ? (body.detail ?? body.title ?? '') : '';
      return page(
        'Dashboard',
        `<h2>Hello, ${escapeHtml(who)}</h2><p class="error" role="alert">${escapeHtml(detail)}</p>${logout}`,
      );
    }
    const rows = body.articles
      .map(
        (article) =>
          `<tr><td>${escapeHtml(article.title)}</td><td>${escapeHtml(article.publishedAt.slice(0, 10))}</td></tr>`,
      )
      .join('\n');
    const actor = JSON.stringify(body.caller);
    return page(
      'Dashboard',
      `<h2>Hello, ${escapeHtml(who)}</h2>
<p>Latest articles, read from the content API on your behalf:</p>
<table aria-label="Latest articles"><thead><tr><th scope="col">Title</th><th scope="col">Published</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p class="note">The content API saw this caller: <code id="caller">${escapeHtml(actor)}</code></p>
${logout}`,
    );
  }
}

function welcome(): string {
  return page(
    'Welcome',
    `<h2>Welcome</h2>
<p>Log in with your Acme account to read the market data your company's contract covers.</p>
<p><a class="button" href="/login">Log in</a></p>`,
  );
}
