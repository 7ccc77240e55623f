import {
  type AuthServerConfig,
  MAX_ACCESS_TOKEN_TTL,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
} from '../config/auth-server.config.js';
import type { KeyPolicy } from './domain/key-schedule.js';

/** The key schedule of every algorithm served: same rotation, published as long as the longest token. */
export function signingKeyPolicies(config: AuthServerConfig): KeyPolicy[] {
  return SIGNING_ALGORITHMS.map((algorithm) => ({
    algorithm,
    rotationSeconds: config.KEYS_ROTATION_INTERVAL,
    // ID tokens live TOKEN_ACCESS_TTL, never longer than an access token can.
    publishAfterSeconds: MAX_ACCESS_TOKEN_TTL,
  }));
}

export function isSigningAlgorithm(value: string): value is SigningAlgorithm {
  return (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}
