import { CreateAccountsSchema1764403200000 } from './1764403200000-create-accounts-schema.js';
import { AddEnterpriseContactsMetadata1764489600000 } from './1764489600000-add-enterprise-contacts-metadata.js';
import { CreateIdempotencyKeys1764576000000 } from './1764576000000-create-idempotency-keys.js';
import { AddListIndexes1764662400000 } from './1764662400000-add-list-indexes.js';
import { AddAuditLogIndexes1764748800000 } from './1764748800000-add-audit-log-indexes.js';
import { CreateUsers1795955582437 } from './1795955582437-create-users.js';
import { AddInteractiveClientSettings1795956385372 } from './1795956385372-add-interactive-client-settings.js';
import { AddSoftDeletion1795957044066 } from './1795957044066-add-soft-deletion.js';
import { AddDatasetsAndRateLimits1795958597002 } from './1795958597002-add-datasets-and-rate-limits.js';
import { CreateRevokedTokens1796659553063 } from './1796659553063-create-revoked-tokens.js';
import { AllowFiveSecondTokens1796659800000 } from './1796659800000-allow-five-second-tokens.js';
import { AddIdTokenSignedResponseAlg1796660353535 } from './1796660353535-add-id-token-signed-response-alg.js';
import { AddResourceServerFor1796712400000 } from './1796712400000-add-resource-server-for.js';
import { CreateUsage1796800000000 } from './1796800000000-create-usage.js';
import { AddPlatformUsersAndAuditDetails1796900000000 } from './1796900000000-add-platform-users-and-audit-details.js';
import { AddSecurityProfile1796980000000 } from './1796980000000-add-security-profile.js';

/** Every migration of the `accounts` schema, oldest first. Never edit a merged one: add a new one. */
export const ACCOUNT_MIGRATIONS = [
  CreateAccountsSchema1764403200000,
  AddEnterpriseContactsMetadata1764489600000,
  CreateIdempotencyKeys1764576000000,
  AddListIndexes1764662400000,
  AddAuditLogIndexes1764748800000,
  CreateUsers1795955582437,
  AddInteractiveClientSettings1795956385372,
  AddSoftDeletion1795957044066,
  AddDatasetsAndRateLimits1795958597002,
  CreateRevokedTokens1796659553063,
  AllowFiveSecondTokens1796659800000,
  AddIdTokenSignedResponseAlg1796660353535,
  AddResourceServerFor1796712400000,
  CreateUsage1796800000000,
  AddPlatformUsersAndAuditDetails1796900000000,
  AddSecurityProfile1796980000000,
];
