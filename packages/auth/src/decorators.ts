import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal } from './principal.js';

export const SCOPES_KEY = 'charter:scopes';

/** The route needs every one of these scopes in the token (else 403 insufficient_scope). */
export const Scopes = (...scopes: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata(SCOPES_KEY, scopes);

/** The verified caller of this request. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const request = context.switchToHttp().getRequest<{ user?: Principal }>();
    if (!request.user) {
      throw new Error('CurrentPrincipal used on a public route');
    }
    return request.user;
  },
);
