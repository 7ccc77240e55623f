import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { EnvInt } from './env-transforms.js';
import { ConfigError, loadConfig } from './load-config.js';

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
