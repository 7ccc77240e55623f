import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { EnvInt } from './env-transforms.js';
import { ConfigError, loadConfig } from './load-config.js';
import { ServiceEnv } from './service-env.js';

class SampleConfig {
  @IsOptional()
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://localhost/db';
}

describe('loadConfig', () => {
  it('keeps defaults for unset and empty variables', () => {
    const config = loadConfig(SampleConfig, { PORT: '', OTHER: 'x' });
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('postgres://localhost/db');
    expect(config).not.toHaveProperty('OTHER');
  });

  it('parses integers', () => {
    expect(loadConfig(SampleConfig, { PORT: '8080' }).PORT).toBe(8080);
  });

  it('names the variable and the rule, never the value', () => {
    let error: unknown;
    try {
      loadConfig(SampleConfig, { PORT: '70000', DATABASE_URL: 'mysql://secret-password@host' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toContain('DATABASE_URL: must be a postgres:// URL');
    expect(problems.some((line) => line.startsWith('PORT: '))).toBe(true);
    expect((error as ConfigError).message).not.toContain('secret-password');
  });

  it('refuses a non-numeric integer', () => {
    expect(() => loadConfig(SampleConfig, { PORT: 'abc' })).toThrow(/PORT: /);
  });
});

describe('ServiceEnv HTTP variables', () => {
  class HttpEnv extends ServiceEnv {
    override PORT = 3999;
  }

  it('takes addresses and CIDR ranges in TRUSTED_PROXIES, nothing else', () => {
    expect(
      loadConfig(HttpEnv, { TRUSTED_PROXIES: '10.0.0.0/8, ::1,fd00::/8 , 192.0.2.1' })
        .TRUSTED_PROXIES,
    ).toEqual(['10.0.0.0/8', '::1', 'fd00::/8', '192.0.2.1']);
    expect(loadConfig(HttpEnv, {}).TRUSTED_PROXIES).toEqual([]);
    for (const bad of ['loopback', '10.0.0.0/33', '10.0.0.1/8/8', '*']) {
      expect(() => loadConfig(HttpEnv, { TRUSTED_PROXIES: bad })).toThrow(
        'TRUSTED_PROXIES: must be a comma-separated list of IP addresses or CIDR ranges',
      );
    }
  });

  it('refuses a request timeout shorter than the headers timeout', () => {
    expect(() =>
      loadConfig(HttpEnv, { HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '1000' }),
    ).toThrow('HTTP_REQUEST_TIMEOUT_MS: must not be less than HTTP_HEADERS_TIMEOUT_MS');
  });
});

describe('ServiceEnv NATS_URL', () => {
  class NatsEnv extends ServiceEnv {
    override PORT = 3999;
  }
  const NATS_URL_RULE =
    'NATS_URL: must be a nats:// or tls:// URL, or a comma-separated list of them';

  it('takes one server, the local one by default', () => {
    expect(loadConfig(NatsEnv, {}).NATS_URL).toEqual(['nats://127.0.0.1:4222']);
    expect(loadConfig(NatsEnv, { NATS_URL: 'tls://nats.example.com:4222' }).NATS_URL).toEqual([
      'tls://nats.example.com:4222',
    ]);
  });

  it('takes the members of a cluster as a comma-separated list, in order', () => {
    expect(
      loadConfig(NatsEnv, {
        NATS_URL: 'nats://nats-0:4222, nats://nats-1:4222,nats://[::1]:4223 ',
      }).NATS_URL,
    ).toEqual(['nats://nats-0:4222', 'nats://nats-1:4222', 'nats://[::1]:4223']);
  });

  it('refuses a list with anything but nats:// and tls:// URLs, naming the rule and not the value', () => {
    for (const bad of [
      'nats://nats-0:4222,http://nats-1:4222',
      'nats://nats-0:4222 nats://nats-1:4222',
      'nats://user:s3cret@nats-0:4222;nats://nats-1:4222',
      ',',
      'nats://',
    ]) {
      let message = '';
      try {
        loadConfig(NatsEnv, { NATS_URL: bad });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, bad).toContain(NATS_URL_RULE);
      expect(message).not.toContain('s3cret');
    }
  });
});
