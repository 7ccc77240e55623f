export { Public } from '@charter/service-kit';
export { ACCESS_STATUS_CHECK, type AccessStatusCheck } from './access-status-check.js';
export { AuthModule } from './auth.module.js';
export { type AuthOptions } from './auth.options.js';
export { invalidToken, insufficientScope } from './bearer-errors.js';
export { CurrentPrincipal, Scopes } from './decorators.js';
export { type AccessTokenClaims, type Principal } from './principal.js';
export { ResourceServerEnv } from './resource-server-env.js';
