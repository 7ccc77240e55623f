import { describe, expect, it, vi } from 'vitest';
import { StartupFailure, untilStartupDeadline } from './startup-failure.js';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {});

describe('untilStartupDeadline', () => {
  it('tries again until the dependency answers', async () => {
    const attempt = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(refused())
      .mockRejectedValueOnce(refused())
      .mockResolvedValue('connected');
    await expect(untilStartupDeadline('PostgreSQL', 'DATABASE_URL', 10_000, attempt)).resolves.toBe(
      'connected',
    );
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it('gives up at the deadline with the last error, naming the dependency and its variable', async () => {
    const failure = await untilStartupDeadline('PostgreSQL', 'DATABASE_URL', 600, () =>
      Promise.reject(refused()),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StartupFailure);
    expect(failure).toMatchObject({
      dependency: 'PostgreSQL',
      variable: 'DATABASE_URL',
      message:
        'PostgreSQL (DATABASE_URL): not available within 0.6 s: connect ECONNREFUSED 127.0.0.1:5432',
    });
  });

  it('does not wait for an attempt that hangs, and closes what it delivers late', async () => {
    let deliver: (value: { close(): void }) => void = () => undefined;
    const late = { close: vi.fn() };
    const failure = await untilStartupDeadline(
      'NATS',
      'NATS_URL',
      300,
      () => new Promise<{ close(): void }>((resolve) => (deliver = resolve)),
      { discardLate: (value) => value.close() },
    ).catch((error: unknown) => error);
    expect(failure).toMatchObject({ message: 'NATS (NATS_URL): no answer within 0.3 s' });
    deliver(late);
    await vi.waitFor(() => expect(late.close).toHaveBeenCalledTimes(1));
  });

  it('fails at once on an error that waiting will not cure', async () => {
    const attempt = vi
      .fn<() => Promise<never>>()
      .mockRejectedValue(
        Object.assign(new Error('database "charter" does not exist'), { code: '3D000' }),
      );
    const failure = await untilStartupDeadline('PostgreSQL', 'DATABASE_URL', 60_000, attempt, {
      isPermanent: (error) => (error as { code?: string }).code === '3D000',
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      message: 'PostgreSQL (DATABASE_URL): refused: database "charter" does not exist',
    });
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('keeps the password of a URL in the error out of the message', async () => {
    const failure = await untilStartupDeadline('NATS', 'NATS_URL', 300, () =>
      Promise.reject(new Error('could not reach nats://svc:s3cret@nats:4222')),
    ).catch((error: unknown) => error);
    expect((failure as Error).message).toContain('nats://***@nats:4222');
    expect((failure as Error).message).not.toContain('s3cret');
  });
});
