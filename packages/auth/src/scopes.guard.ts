import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from '@charter/service-kit';
import { insufficientScope } from './bearer-errors.js';
import { SCOPES_KEY } from './decorators.js';
import type { Principal } from './principal.js';

/** Runs after the token guard: the token must carry every scope the route declares. */
@Injectable()
export class ScopesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) {
      return true;
    }
    const required = this.reflector.getAllAndMerge<string[]>(SCOPES_KEY, targets);
    if (required.length === 0) {
      return true;
    }
    const principal = context.switchToHttp().getRequest<{ user?: Principal }>().user;
    const granted = new Set(principal?.scopes ?? []);
    if (!required.every((scope) => granted.has(scope))) {
      throw insufficientScope(required);
    }
    return true;
  }
}
