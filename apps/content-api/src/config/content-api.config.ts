import { ContractApiEnv } from '@charter/resource-server';

/**
 * The content API's environment: the variables every contract-enforcing API shares
 * (`ContractApiEnv`: ServiceEnv, the token issuer and audience, the access state's staleness
 * bound, the event keys) with this API's defaults. Property names are the variable names.
 */
export class ContentApiConfig extends ContractApiEnv {
  override PORT = 3002;

  /** This API's resource indicator (RFC 8707): the `aud` its tokens must carry and contracts name. */
  override AUTH_AUDIENCE = 'http://localhost:3002';
}

/** The Postgres schema this service owns; nobody else reads it. */
export const CONTENT_SCHEMA = 'content';
