import { OutboxMessage } from '@charter/events';
import { RevokedTokenEntity } from '../access/revocation/revoked-token.entity.js';
import { AuditLogEntity } from '../audit/audit-log.entity.js';
import { ContentApiEntity } from '../content-apis/content-api.entity.js';
import { ContractEntity } from '../contracts/contract.entity.js';
import { EnterpriseEntity } from '../enterprises/enterprise.entity.js';
import { IdempotencyKeyEntity } from '../idempotency/idempotency-key.entity.js';
import { SystemAccountSecretEntity } from '../system-accounts/system-account-secret.entity.js';
import { SystemAccountEntity } from '../system-accounts/system-account.entity.js';
import { PasswordTokenEntity } from '../users/password-token.entity.js';
import { UsageBatchEntity } from '../usage/usage-batch.entity.js';
import { UsageMinuteEntity } from '../usage/usage-minute.entity.js';
import { UserEntity } from '../users/user.entity.js';

/** Every table of the `accounts` schema. */
export const ACCOUNT_ENTITIES = [
  ContentApiEntity,
  EnterpriseEntity,
  SystemAccountEntity,
  SystemAccountSecretEntity,
  ContractEntity,
  UserEntity,
  PasswordTokenEntity,
  AuditLogEntity,
  IdempotencyKeyEntity,
  OutboxMessage,
  RevokedTokenEntity,
  UsageBatchEntity,
  UsageMinuteEntity,
];

/** The schema every table of this service lives in; nobody else reads it. */
export const ACCOUNTS_SCHEMA = 'accounts';
