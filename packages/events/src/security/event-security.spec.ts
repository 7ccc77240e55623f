import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UserCreated, type UserState } from '../accounts/user.js';
import { ContractCreated } from '../accounts/contract.js';
import { decodeEvent } from './decode-event.js';
import type { EventDefinition } from '../define-event.js';
import type { EventEnvelope } from '../envelope.js';
import { EventSecurity, localEventSecurity } from './event-security.js';

/** The envelope of an encoded event, as published. */
const parseForTest = ({
  body,
}: {
  body: Uint8Array;
}): EventEnvelope & { sealed?: Record<string, string> } =>
  JSON.parse(Buffer.from(body).toString('utf8')) as EventEnvelope & {
    sealed?: Record<string, string>;
  };

const meta = {
  actor: { type: 'system' as const, id: 'test' },
  correlationId: 'c-1',
  occurredAt: new Date('2026-01-01T00:00:00Z'),
};
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA';
const user = (): UserState => ({
  id: randomUUID(),
  kind: 'individual',
  enterpriseId: null,
  email: 'ada@example.test',
  name: 'Ada',
  roles: [],
  status: 'active',
  emailVerified: true,
  passwordHash: HASH,
  passwordChangedAt: null,
  deletedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const events = new Map<string, EventDefinition>([
  [UserCreated.type, UserCreated],
  [ContractCreated.type, ContractCreated],
]);

const accountService = new EventSecurity(localEventSecurity('account-service'));
const authServer = new EventSecurity(localEventSecurity('auth-server'));
const contentApi = new EventSecurity(localEventSecurity('content-api'));

describe('EventSecurity', () => {
  it('seals the password hash: not in the published bytes, opened only by the auth-server', async () => {
    const envelope = UserCreated.create(user(), 1, meta);
    const { body, signature } = await accountService.encode(envelope);
    expect(Buffer.from(body).toString('utf8')).not.toContain('argon2id');

    const forAuth = await decodeEvent(authServer, envelope.subject, body, signature, events);
    expect(forAuth).toMatchObject({ kind: 'valid', event: { data: { passwordHash: HASH } } });
    const forContent = await decodeEvent(contentApi, envelope.subject, body, signature, events);
    expect(forContent).toMatchObject({ kind: 'valid', event: { data: { passwordHash: null } } });
  });

  it('refuses a signed event whose sealed field also travels in clear text, or is not sealed', async () => {
    const envelope = UserCreated.create(user(), 1, meta);
    const sealed = parseForTest(await accountService.encode(envelope));
    const cleartext = new TextEncoder().encode(
      JSON.stringify({ ...sealed, data: { ...(sealed.data as object), passwordHash: HASH } }),
    );
    expect(
      await decodeEvent(
        authServer,
        envelope.subject,
        cleartext,
        await accountService.sign(cleartext),
        events,
      ),
    ).toMatchObject({
      kind: 'invalid',
      reason: 'sealed fields: passwordHash travels in clear text',
    });
    const { sealed: _sealed, ...unsealed } = sealed;
    const bytes = new TextEncoder().encode(JSON.stringify(unsealed));
    expect(
      await decodeEvent(
        contentApi,
        envelope.subject,
        bytes,
        await accountService.sign(bytes),
        events,
      ),
    ).toMatchObject({
      kind: 'invalid',
      reason: 'sealed fields: passwordHash is not sealed',
    });
  });

  it('refuses a sealed value moved from another event', async () => {
    const victim = parseForTest(await accountService.encode(UserCreated.create(user(), 1, meta)));
    const other = parseForTest(await accountService.encode(UserCreated.create(user(), 1, meta)));
    const moved = new TextEncoder().encode(JSON.stringify({ ...other, sealed: victim.sealed }));
    expect(
      await decodeEvent(authServer, other.subject, moved, await accountService.sign(moved), events),
    ).toMatchObject({
      kind: 'invalid',
      reason: 'sealed fields: passwordHash was sealed for another event or field',
    });
  });

  it('refuses an event published on a subject other than the one it was signed for', async () => {
    const envelope = UserCreated.create(user(), 1, meta);
    const { body, signature } = await accountService.encode(envelope);
    expect(
      await decodeEvent(authServer, 'accounts.user.deleted', body, signature, events),
    ).toMatchObject({ kind: 'invalid', unverified: true });
  });

  it('names why an unverified event is refused', async () => {
    const envelope = UserCreated.create(user(), 1, meta);
    const { body } = await accountService.encode(envelope);
    expect(await decodeEvent(authServer, envelope.subject, body, undefined, events)).toMatchObject({
      reason: 'not verified: unsigned',
    });
    expect(await decodeEvent(authServer, envelope.subject, body, 'garbage', events)).toMatchObject({
      reason: 'not verified: malformed signature',
    });
    expect(
      await decodeEvent(authServer, envelope.subject, body, await authServer.sign(body), events),
    ).toMatchObject({
      reason:
        'not verified: signed as "auth-server", which may not publish this (expected account-service)',
    });
  });
});
