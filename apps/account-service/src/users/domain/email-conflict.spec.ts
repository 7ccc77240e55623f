import { describe, expect, it } from 'vitest';
import { EmailUnavailable, UserExists } from '../user.errors.js';
import { emailConflictFor } from './email-conflict.js';

describe('emailConflictFor', () => {
  const taken = new UserExists('someone@example.test');

  it('tells a platform admin (a client) or the service itself that the user exists', () => {
    expect(emailConflictFor({ type: 'client', id: 'charter-admin' }, taken)).toBe(taken);
    expect(emailConflictFor({ type: 'system', id: 'bootstrap' }, taken)).toBe(taken);
  });

  it('gives an enterprise admin (a user) the one answer for any unusable email, naming nobody', () => {
    const answer = emailConflictFor({ type: 'user', id: 'u-1' }, taken);
    expect(answer).toBeInstanceOf(EmailUnavailable);
    expect(answer.message).not.toContain('someone@example.test');
    expect(answer.message).not.toMatch(/exist/i);
  });
});
