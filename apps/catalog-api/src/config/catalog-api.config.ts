import { ContractApiEnv, LOCAL_EVENT_SIGNING_KEYS } from '@charter/resource-server';
import { NotLocalDefaultInProduction } from '@charter/service-kit';

/**
 * The catalog API's environment: what every contract-enforcing API shares (`ContractApiEnv`)
 * with this API's defaults. Property names are the variable names.
 */
export class CatalogApiConfig extends ContractApiEnv {
  override PORT = 3005;

  /** This API's resource indicator (RFC 8707): the `aud` its tokens must carry and contracts name. */
  override AUTH_AUDIENCE = 'http://localhost:3005';

  /** Its own snapshot-request key (the account service trusts it in EVENTS_CONTENT_API_KEYS). */
  @NotLocalDefaultInProduction(LOCAL_EVENT_SIGNING_KEYS['catalog-api'])
  override EVENTS_SIGNING_KEY: string = LOCAL_EVENT_SIGNING_KEYS['catalog-api'];
}

/** The Postgres schema this service owns (its access state); nobody else reads it. */
export const CATALOG_SCHEMA = 'catalog';
