import { isIP } from 'node:net';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import type { LogLevel } from '../logging/logging.module.js';
import { EnvBool, EnvInt, EnvList } from './env-transforms.js';

export const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/**
 * A secret whose local default is public (it is in the source) must be set
 * explicitly when NODE_ENV=production; the message names the rule, never the value.
 */
export function NotLocalDefaultInProduction(
  localDefault: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notLocalDefaultInProduction',
      validator: {
        validate: (value: unknown, args) =>
          (args?.object as { NODE_ENV?: string }).NODE_ENV !== 'production' ||
          value !== localDefault,
        defaultMessage: () => 'must be set explicitly when NODE_ENV=production',
      },
    },
    options,
  );
}

/** A number at least another variable's (a cap below its base, a timeout below the one it sits inside). */
export function IsNotLessThan(other: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotLessThan',
      validator: {
        validate: (value: unknown, args) => {
          const bound = (args?.object as Record<string, unknown>)[other];
          return typeof value === 'number' && (typeof bound !== 'number' || value >= bound);
        },
        defaultMessage: () => `must not be less than ${other}`,
      },
    },
    options,
  );
}

/** True for an IPv4/IPv6 address, or one with a prefix length (`10.0.0.0/8`, `fd00::/8`). */
export function isAddressOrCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) {
    return false;
  }
  if (prefix === undefined) {
    return true;
  }
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function AreAddressesOrCidrs(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'areAddressesOrCidrs',
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) &&
          value.every((item) => typeof item === 'string' && isAddressOrCidr(item)),
        defaultMessage: () => 'must be a comma-separated list of IP addresses or CIDR ranges',
      },
    },
    options,
  );
}

/** True for a NATS server URL the client accepts: `nats://` or `tls://`, a host, no spaces. */
export function isNatsUrl(value: string): boolean {
  return /^(nats|tls):\/\/[^\s,/?#]+$/.test(value);
}

function AreNatsUrls(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'areNatsUrls',
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) &&
          value.length > 0 &&
          value.every((item) => typeof item === 'string' && isNatsUrl(item)),
        defaultMessage: () => 'must be a nats:// or tls:// URL, or a comma-separated list of them',
      },
    },
    options,
  );
}

/** A variable that may be left unset in development but must be set when NODE_ENV=production. */
export function RequiredInProduction(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'requiredInProduction',
      validator: {
        validate: (value: unknown, args) =>
          (args?.object as { NODE_ENV?: string }).NODE_ENV !== 'production' ||
          (typeof value === 'string' && value !== ''),
        defaultMessage: () => 'must be set when NODE_ENV=production',
      },
    },
    options,
  );
}

/**
 * The variables every service reads, with the same names and rules everywhere.
 * An app's config class extends this (property names are the variable names, so
 * a validation message names the variable) and sets its own PORT default.
 */
export abstract class ServiceEnv {
  /** `production` refuses the public local defaults of secrets. */
  @IsOptional()
  @IsString()
  NODE_ENV: string = 'development';

  /** Each service sets its own default (`override PORT = 3001`). */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT!: number;

  @IsString()
  @MinLength(1)
  HOST: string = '0.0.0.0';

  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/charter';

  /**
   * Whether the service applies its pending migrations at start (under an advisory lock), or
   * only checks that none is pending and refuses to start otherwise. `false` in production on
   * Kubernetes, where a Job runs `migration:run` before the new version rolls out.
   */
  @EnvBool()
  @IsBoolean()
  MIGRATE_ON_START: boolean = true;

  /**
   * The NATS server, or several members of a cluster (comma-separated): the client is given the
   * list, connects to any member that answers and, when its member fails, reconnects to a
   * survivor (it also learns the other members from the server). One member's URL is enough
   * once connected, but a list lets a service start while that one member is down.
   */
  @EnvList()
  @AreNatsUrls()
  NATS_URL: string[] = ['nats://127.0.0.1:4222'];

  /**
   * This service's own NATS user (infra/nats/nats.conf gives each service only the subjects it
   * needs). Unset: the service connects anonymously, which only an open local-development NATS
   * accepts; required when NODE_ENV=production.
   */
  @IsString()
  @RequiredInProduction()
  NATS_USER: string = '';

  /** The password of NATS_USER. */
  @IsString()
  @ValidateBy({
    name: 'natsPasswordWithUser',
    validator: {
      validate: (value: unknown, args) =>
        ((args?.object as { NATS_USER?: string }).NATS_USER ?? '') === '' ||
        (typeof value === 'string' && value !== ''),
      defaultMessage: () => 'must be set when NATS_USER is',
    },
  })
  NATS_PASSWORD: string = '';

  /** Prefix of subjects and streams; empty in normal use, random per test run. */
  @Matches(/^[A-Za-z0-9_-]*$/, { message: 'may hold only letters, digits, _ and -' })
  EVENTS_NAMESPACE: string = '';

  /** `num_replicas` of the event streams a service creates: 3 on a three-node NATS cluster. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(5)
  EVENTS_STREAM_REPLICAS: number = 1;

  /**
   * Seconds the ACCOUNTS and AUTH streams keep an event (0: forever; dead letters are always kept).
   * A consumer away for longer resynchronises from the account service's snapshot.
   */
  @EnvInt()
  @IsInt()
  @Min(0)
  EVENTS_STREAM_MAX_AGE: number = 7 * 86_400;

  /**
   * How long start-up waits for each dependency (PostgreSQL, NATS, the event streams) before
   * the service stops with one line naming it and its variable.
   */
  @EnvInt()
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  STARTUP_TIMEOUT_MS: number = 30_000;

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /**
   * Where log lines go instead of standard output: a file, appended to (created with its
   * directory). For test runs and local runs; in a container, leave it unset.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  LOG_FILE?: string;

  /**
   * The authorization server's issuer identifier (RFC 8414 §2: a URL with no query
   * or fragment), without a trailing slash so `iss` compares exactly.
   */
  @Matches(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*[^/?#\s])?$/, {
    message: 'must be an http(s) URL without query, fragment or trailing slash',
  })
  AUTH_ISSUER: string = 'http://localhost:3000';

  /**
   * Milliseconds a connection may stay silent (no byte either way) before it is closed
   * (Node's socket timeout, Fastify's `connectionTimeout`).
   */
  @EnvInt()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  HTTP_CONNECTION_TIMEOUT_MS: number = 30_000;

  /** Milliseconds a client has to send a request's complete headers (Node's `headersTimeout`). */
  @EnvInt()
  @IsInt()
  @Min(100)
  @Max(600_000)
  HTTP_HEADERS_TIMEOUT_MS: number = 10_000;

  /**
   * Milliseconds a client has to send a whole request, headers and body (Node's
   * `requestTimeout`): a slow drip of bytes does not keep a connection.
   */
  @EnvInt()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  @IsNotLessThan('HTTP_HEADERS_TIMEOUT_MS')
  HTTP_REQUEST_TIMEOUT_MS: number = 30_000;

  /**
   * Milliseconds an idle keep-alive connection is kept after a response. Behind a load balancer
   * that reuses connections, set it above the balancer's idle timeout (and
   * HTTP_CONNECTION_TIMEOUT_MS above it), or the balancer may send on a closing connection.
   */
  @EnvInt()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS: number = 5_000;

  /** Open connections at most per instance; more are refused at accept. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  HTTP_MAX_CONNECTIONS: number = 10_000;

  /** Largest request body, in bytes; a larger one is a 413 problem (or RFC 6749 error). */
  @EnvInt()
  @IsInt()
  @Min(1_024)
  @Max(10 * 1024 * 1024)
  HTTP_BODY_LIMIT: number = 64 * 1024;

  /**
   * Addresses or CIDR ranges of the proxies in front of the service (comma-separated). Only a
   * hop in this list may tell the client's address with `X-Forwarded-For` (and the scheme and
   * host with `X-Forwarded-Proto`/`-Host`); empty (the default): those headers are ignored and
   * the client's address is the connection's.
   */
  @EnvList()
  @AreAddressesOrCidrs()
  TRUSTED_PROXIES: string[] = [];

  /**
   * Port of the separate listener that serves Prometheus metrics at `/metrics` (never on PORT,
   * so the public listener does not expose them). 0 (the default): no listener.
   */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT: number = 0;

  /** Address the metrics listener binds to. */
  @IsString()
  @MinLength(1)
  METRICS_HOST: string = '0.0.0.0';

  /**
   * Whether metrics may carry client and contract ids as label values (tokens issued per
   * client and contract). Off (the default): those labels are empty and every series is bounded
   * by the code; on: one series per client and contract that got a token, so only where their
   * number is known to be modest.
   */
  @EnvBool()
  @IsBoolean()
  METRICS_ID_LABELS: boolean = false;

  /** The NATS credentials to connect with, or none (anonymous, local development). */
  natsCredentials(): { user?: string; password?: string } {
    return this.NATS_USER === '' ? {} : { user: this.NATS_USER, password: this.NATS_PASSWORD };
  }
}
