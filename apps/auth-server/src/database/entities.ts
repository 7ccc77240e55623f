import { OutboxMessage } from '@charter/events';
import { SigningKey } from '../keys/signing-key.entity.js';
import { ProjectedClient } from '../projection/entities/projected-client.entity.js';
import { ProjectedContentApi } from '../projection/entities/projected-content-api.entity.js';
import { ProjectedContract } from '../projection/entities/projected-contract.entity.js';
import { ProjectedEnterprise } from '../projection/entities/projected-enterprise.entity.js';
import { ProjectedUser } from '../projection/entities/projected-user.entity.js';
import { UsedClientAssertion } from '../oauth/client-auth/used-client-assertion.entity.js';
import { RevokedToken } from '../oauth/revoke/revoked-token.entity.js';
import { CreateProjectionAndSigningKeys1764410000000 } from './migrations/1764410000000-create-projection-and-signing-keys.js';
import { CreateRevocationsAndOutbox1795949218071 } from './migrations/1795949218071-create-revocations-and-outbox.js';
import { UsersProjectionAndInteractiveClients1795955501460 } from './migrations/1795955501460-users-projection-and-interactive-clients.js';
import { CreateUsedClientAssertions1795955710367 } from './migrations/1795955710367-create-used-client-assertions.js';
import { CreatePasswordGrantThrottles1795956268272 } from './migrations/1795956268272-create-password-grant-throttles.js';
import { CreateLoginCodesAndRefreshFamilies1795956471860 } from './migrations/1795956471860-create-login-codes-and-refresh-families.js';
import { MovePasswordGrantThrottles1795957155876 } from './migrations/1795957155876-move-password-grant-throttles.js';
import { DropPasswordGrantThrottles1795957155877 } from './migrations/1795957155877-drop-password-grant-throttles.js';
import { IndexExpiryForPruning1795957644226 } from './migrations/1795957644226-index-expiry-for-pruning.js';
import { LoginThrottlesLastFailure1795961300000 } from './migrations/1795961300000-login-throttles-last-failure.js';
import { AddClientIdTokenSignedResponseAlg1796660838546 } from './migrations/1796660838546-add-client-id-token-signed-response-alg.js';
import { AddClientResourceServerFor1796712400001 } from './migrations/1796712400001-add-client-resource-server-for.js';
import { CreateClientSecretRekeys1796800000000 } from './migrations/1796800000000-create-client-secret-rekeys.js';
import { CreateUsedDpopProofsAndBindings1796900000001 } from './migrations/1796900000001-create-used-dpop-proofs-and-bindings.js';
import { CreatePushedAuthorizationRequests1796900000002 } from './migrations/1796900000002-create-pushed-authorization-requests.js';
import { AddClientSecurityProfile1796980000001 } from './migrations/1796980000001-add-client-security-profile.js';
import { CreateSecondFactors1797000000001 } from './migrations/1797000000001-create-second-factors.js';

/** Every entity of the `auth` schema. */
export const AUTH_ENTITIES = [
  ProjectedClient,
  ProjectedContract,
  ProjectedEnterprise,
  ProjectedContentApi,
  ProjectedUser,
  SigningKey,
  RevokedToken,
  OutboxMessage,
  UsedClientAssertion,
];

/** Every migration, in order. Once merged a migration is never edited: fix forward. */
export const AUTH_MIGRATIONS = [
  CreateProjectionAndSigningKeys1764410000000,
  CreateRevocationsAndOutbox1795949218071,
  UsersProjectionAndInteractiveClients1795955501460,
  CreateUsedClientAssertions1795955710367,
  CreatePasswordGrantThrottles1795956268272,
  // Tables read and written with plain SQL by their repositories (no entity): sessions, codes, families.
  CreateLoginCodesAndRefreshFamilies1795956471860,
  // One lock-out: the password grant's counts join the login form's (data, then schema).
  MovePasswordGrantThrottles1795957155876,
  DropPasswordGrantThrottles1795957155877,
  IndexExpiryForPruning1795957644226,
  LoginThrottlesLastFailure1795961300000,
  AddClientIdTokenSignedResponseAlg1796660838546,
  AddClientResourceServerFor1796712400001,
  // Read and written with plain SQL by SqlSecretRekeys (no entity).
  CreateClientSecretRekeys1796800000000,
  // Plain SQL (no entity): DPoP replay store, code and refresh-family key bindings.
  CreateUsedDpopProofsAndBindings1796900000001,
  // Plain SQL (no entity): pushed authorization requests (RFC 9126).
  CreatePushedAuthorizationRequests1796900000002,
  AddClientSecurityProfile1796980000001,
  // Plain SQL (no entity): second factors, and the sign-in's amr on sessions, codes and families.
  CreateSecondFactors1797000000001,
];
