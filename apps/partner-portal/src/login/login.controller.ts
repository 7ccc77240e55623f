import { Public } from '@charter/auth';
import { Controller, Get, Logger, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PartnerPortalConfig } from '../config/partner-portal.config.js';
import { escapeHtml, page, PAGE_HEADERS } from '../pages/html.js';
import { AuthorizationServerClient, type PendingLogin } from './authorization-server.client.js';
import { SessionStore } from './session.store.js';

export const SESSION_COOKIE = 'portal_session';
const LOGIN_COOKIE = 'portal_login';

/** Logging users in and out at the authorization server (authorization code + PKCE, OpenID Connect). */
@Public()
@Controller()
export class LoginController {
  private readonly logger = new Logger(LoginController.name);

  constructor(
    private readonly authorizationServer: AuthorizationServerClient,
    private readonly sessions: SessionStore,
    private readonly config: PartnerPortalConfig,
  ) {}

  @Get('login')
  async login(@Res() reply: FastifyReply): Promise<void> {
    const { url, pending } = await this.authorizationServer.startLogin();
    // State, nonce and the PKCE verifier ride in a signed, short-lived cookie for the callback only.
    void reply.setCookie(LOGIN_COOKIE, JSON.stringify(pending), {
      ...this.cookieOptions(),
      path: '/callback',
      maxAge: 600,
      signed: true,
    });
    void reply.redirect(url.href, 303);
  }

  @Get('callback')
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    void reply.clearCookie(LOGIN_COOKIE, { path: '/callback' });
    const pending = this.pendingLogin(request);
    if (!pending) {
      return this.failed(
        reply,
        'The login took too long or did not start here. Please log in again.',
      );
    }
    try {
      const user = await this.authorizationServer.finishLogin(
        new URL(request.url, this.config.PORTAL_URL),
        pending,
      );
      void reply.setCookie(SESSION_COOKIE, this.sessions.open(user), {
        ...this.cookieOptions(),
        path: '/',
      });
      void reply.redirect('/', 303);
    } catch (error) {
      // The authorization server's error code is safe to show; anything else goes to the log only.
      const code = new URL(request.url, this.config.PORTAL_URL).searchParams.get('error');
      this.logger.warn(`login failed: ${error instanceof Error ? error.message : String(error)}`);
      return this.failed(
        reply,
        code === null ? 'The login could not be completed.' : `The login was refused (${code}).`,
      );
    }
  }

  @Post('logout')
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const user = this.sessions.close(request.cookies[SESSION_COOKIE]);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    const target = user ? (await this.authorizationServer.logoutUrl(user.idToken)).href : '/';
    void reply.redirect(target, 303);
  }

  private pendingLogin(request: FastifyRequest): PendingLogin | undefined {
    const raw = request.cookies[LOGIN_COOKIE];
    const unsigned = raw === undefined ? undefined : request.unsignCookie(raw);
    if (!unsigned?.valid || unsigned.value === null) {
      return undefined;
    }
    try {
      return JSON.parse(unsigned.value) as PendingLogin;
    } catch {
      return undefined;
    }
  }

  private failed(reply: FastifyReply, message: string): void {
    void reply
      .code(400)
      .headers(PAGE_HEADERS)
      .send(
        page(
          'Login failed',
          `<h2>Login failed</h2><p class="error">${escapeHtml(message)}</p><p><a href="/login">Log in again</a></p>`,
        ),
      );
  }

  private cookieOptions() {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.PORTAL_URL.startsWith('https:'),
    };
  }
}
