import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { LoggedInUser } from './authorization-server.client.js';

/**
 * The portal's login sessions, in memory: a sample keeps it simple. Run several
 * instances behind a load balancer and this must move to a shared store.
 */
@Injectable()
export class SessionStore {
  private readonly sessions = new Map<string, LoggedInUser>();

  open(user: LoggedInUser): string {
    this.dropExpired();
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, user);
    return id;
  }

  find(id: string | undefined): LoggedInUser | undefined {
    const user = id === undefined ? undefined : this.sessions.get(id);
    if (user && user.expiresAt.getTime() <= Date.now()) {
      this.sessions.delete(id!);
      return undefined;
    }
    return user;
  }

  close(id: string | undefined): LoggedInUser | undefined {
    const user = this.find(id);
    if (id !== undefined) {
      this.sessions.delete(id);
    }
    return user;
  }

  private dropExpired(): void {
    const now = Date.now();
    for (const [id, user] of this.sessions) {
      if (user.expiresAt.getTime() <= now) {
        this.sessions.delete(id);
      }
    }
  }
}
