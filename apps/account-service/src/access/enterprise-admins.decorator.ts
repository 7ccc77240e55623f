import { SetMetadata } from '@nestjs/common';
import type { EnterpriseScope } from './domain/access-policy.js';

export const ENTERPRISE_SCOPE_KEY = 'charter:accounts:enterprise-scope';

/**
 * Enterprise admins may call this route too, limited to their own enterprise as
 * `scope` says (see domain/access-policy.ts). Without it, a route is for platform
 * admins only.
 */
export const EnterpriseAdmins = (scope: EnterpriseScope): MethodDecorator =>
  SetMetadata(ENTERPRISE_SCOPE_KEY, scope);
