/*
 * Local-development event keys. They are PUBLIC (they are in the source): anyone can sign or read
 * events with them, so a service started with NODE_ENV=production refuses every one of them
 * (each EVENTS_* key variable must be set). They let the services and the tests run out of the box.
 */

/** Private ES256 signing keys (JWK) of each service, local development only. */
export const LOCAL_EVENT_SIGNING_KEYS = {
  'account-service':
    '{"kty":"EC","x":"DnVdWggqqLKER2v9JyNtydrzwDYsxD4sMYsxRlCxyq8","y":"fV7S_BTecPBJwov49CzqOMNUnlxIBBaH4G98DyQbXWM","crv":"P-256","d":"ohOLGTdmpOElOywexvs-_IekMSHMO6BCq6Usw5b8sQQ","kid":"local-account-service-events-1","alg":"ES256","use":"sig"}',
  'auth-server':
    '{"kty":"EC","x":"8ptZ6-1wDQo71LzRuTue0NpqKSaqh2tE_vjmUcWi9RQ","y":"2qFh0rXQa9OS-2WuFfvMFpbruZpq6b_JOvv_rwBEb10","crv":"P-256","d":"27qI7blEFHcun9K-EghaGNLP5jB0kGT7J6WpgmglcRA","kid":"local-auth-server-events-1","alg":"ES256","use":"sig"}',
  'content-api':
    '{"kty":"EC","x":"X4mjM4UYS757FTUZEfasGDMSjKPf_-HUWQg0NxiGarE","y":"RpvpTPOLrGspdRVLh3uMuZg4ST-GNxlA5Vy4FL1hWBc","crv":"P-256","d":"2dWio4mix8BQHRssCp5HCxebbtHaL8349fBA2qBu6JI","kid":"local-content-api-events-1","alg":"ES256","use":"sig"}',
  /** The second sample API signs in the `content-api` role (what the account service trusts) with a key of its own. */
  'catalog-api':
    '{"kty":"EC","x":"nA-MCP9Cb7RpXC7kcLacLTwGg2n2g3T_q0EBIFialoA","y":"x5zHRK5XkyEk2_19ftsitLAZ7Nz9CXtE7pC5OKnO4_8","crv":"P-256","d":"ygqJR8vxp1eTs8cIicEnk1LDMr9tCx4F2ooa9vZOiTg","kid":"local-catalog-api-events-1","alg":"ES256","use":"sig"}',
} as const;

/**
 * The public halves, as JWK Sets (what a consumer trusts), local development only. The
 * `content-api` role's set holds the key of every sample content API (content-api, catalog-api).
 */
export const LOCAL_EVENT_VERIFICATION_KEYS = {
  'account-service':
    '{"keys":[{"kty":"EC","x":"DnVdWggqqLKER2v9JyNtydrzwDYsxD4sMYsxRlCxyq8","y":"fV7S_BTecPBJwov49CzqOMNUnlxIBBaH4G98DyQbXWM","crv":"P-256","kid":"local-account-service-events-1","alg":"ES256","use":"sig"}]}',
  'auth-server':
    '{"keys":[{"kty":"EC","x":"8ptZ6-1wDQo71LzRuTue0NpqKSaqh2tE_vjmUcWi9RQ","y":"2qFh0rXQa9OS-2WuFfvMFpbruZpq6b_JOvv_rwBEb10","crv":"P-256","kid":"local-auth-server-events-1","alg":"ES256","use":"sig"}]}',
  'content-api':
    '{"keys":[{"kty":"EC","x":"X4mjM4UYS757FTUZEfasGDMSjKPf_-HUWQg0NxiGarE","y":"RpvpTPOLrGspdRVLh3uMuZg4ST-GNxlA5Vy4FL1hWBc","crv":"P-256","kid":"local-content-api-events-1","alg":"ES256","use":"sig"},{"kty":"EC","x":"nA-MCP9Cb7RpXC7kcLacLTwGg2n2g3T_q0EBIFialoA","y":"x5zHRK5XkyEk2_19ftsitLAZ7Nz9CXtE7pC5OKnO4_8","crv":"P-256","kid":"local-catalog-api-events-1","alg":"ES256","use":"sig"}]}',
} as const;

/** The authorization server's private ECDH-ES key set for sealed event fields, local development only. */
export const LOCAL_EVENT_DECRYPTION_KEYS =
  '{"keys":[{"kty":"EC","x":"cEJw5XFRorS5MF41vRH0bUnZI6rG_pKB2TyHFb2geOM","y":"m7UfqRQ-ahsV_b2vEqNaFD75fmFLy-zum3z9Y08Lb2c","crv":"P-256","d":"05SrJVu2dNbSOss-Ho7Anx6EMh1M0PpIowYGxund8NM","kid":"local-auth-server-sealing-1","alg":"ECDH-ES+A256KW","use":"enc"}]}';

/** Its public half: what the account service seals to, local development only. */
export const LOCAL_EVENT_ENCRYPTION_KEY =
  '{"kty":"EC","x":"cEJw5XFRorS5MF41vRH0bUnZI6rG_pKB2TyHFb2geOM","y":"m7UfqRQ-ahsV_b2vEqNaFD75fmFLy-zum3z9Y08Lb2c","crv":"P-256","kid":"local-auth-server-sealing-1","alg":"ECDH-ES+A256KW","use":"enc"}';
