import { describe, expect, it } from 'vitest';
import { serializeError } from './logging.module.js';

describe('serializeError', () => {
  it("keeps a failed query's message, code and SQL but drops its bound parameters and quoted values", () => {
    const hash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';
    const error = Object.assign(new Error('duplicate key value violates unique constraint'), {
      name: 'QueryFailedError',
      code: '23505',
      query: 'INSERT INTO "accounts"."users"("email", "password_hash") VALUES ($1, $2)',
      parameters: ['ada@example.com', hash],
      detail: 'Key (email)=(ada@example.com) already exists.',
      where: "unnamed portal parameter $2 = '...'",
      driverError: {
        parameters: ['ada@example.com', hash],
        detail: 'Key (email)=(ada@example.com) already exists.',
      },
    });

    const serialized = serializeError(error);

    expect(serialized).toMatchObject({ message: error.message, code: '23505', query: error.query });
    expect(JSON.stringify(serialized)).not.toContain(hash);
    expect(JSON.stringify(serialized)).not.toContain('ada@example.com');
  });
});
