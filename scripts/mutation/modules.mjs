// The modules `pnpm mutate` covers: where a check decides who gets in or what they see.
// `mutate` names the files that hold the checks (narrow on purpose, so a module runs in
// minutes); `tests` the test files that exercise them, the most direct ones only: every
// mutant a test reaches re-runs that test's file, and an integration file boots the
// application (the account service's also starts the auth-server as a process) each time.
// Only unit specs and integration tests that run the Nest application in-process can kill
// a mutant: a test that starts a service from `dist/` runs the built code, which Stryker
// never mutates.

const authServer = 'apps/auth-server';
const accounts = 'apps/account-service';

export const MODULES = {
  'auth-grants': {
    title: 'auth-server: token grants',
    tsconfig: `${authServer}/tsconfig.json`,
    mutate: [
      `${authServer}/src/oauth/token/grants/*.grant.ts`,
      `${authServer}/src/oauth/token/token-request.ts`,
      `${authServer}/src/oauth/token/domain/access-selection.ts`,
      `${authServer}/src/oauth/token/domain/user-access-selection.ts`,
      `${authServer}/src/oauth/token/domain/exchange-consent.ts`,
    ],
    tests: [
      `${authServer}/src/oauth/token/**/*.spec.ts`,
      `${authServer}/test/grants/*.int-spec.ts`,
    ],
  },
  'auth-client-auth': {
    title: 'auth-server: client authentication',
    tsconfig: `${authServer}/tsconfig.json`,
    mutate: [
      `${authServer}/src/oauth/client-auth/client-authenticator.ts`,
      `${authServer}/src/oauth/client-auth/client-secret-basic.ts`,
      `${authServer}/src/oauth/client-auth/client-secret-post.ts`,
      `${authServer}/src/oauth/client-auth/private-key-jwt.ts`,
      `${authServer}/src/oauth/client-auth/secret-hasher.ts`,
      `${authServer}/src/oauth/client-auth/domain/*.ts`,
    ],
    tests: [
      `${authServer}/src/oauth/client-auth/**/*.spec.ts`,
      `${authServer}/test/token-endpoint.int-spec.ts`,
      `${authServer}/test/private-key-jwt.int-spec.ts`,
    ],
  },
  'auth-authorize': {
    title: 'auth-server: authorize and logout redirects',
    tsconfig: `${authServer}/tsconfig.json`,
    mutate: [
      `${authServer}/src/oauth/authorize/authorize.service.ts`,
      `${authServer}/src/oauth/authorize/domain/*.ts`,
      `${authServer}/src/oauth/logout/logout.service.ts`,
      `${authServer}/src/oauth/logout/domain/*.ts`,
    ],
    tests: [
      `${authServer}/src/oauth/authorize/**/*.spec.ts`,
      `${authServer}/src/oauth/logout/**/*.spec.ts`,
      `${authServer}/test/authorize.int-spec.ts`,
      `${authServer}/test/userinfo-logout.int-spec.ts`,
    ],
  },
  'auth-introspect-revoke': {
    title: 'auth-server: introspection and revocation',
    tsconfig: `${authServer}/tsconfig.json`,
    mutate: [
      `${authServer}/src/oauth/introspect/domain/*.ts`,
      `${authServer}/src/oauth/introspect/introspection-endpoint.service.ts`,
      `${authServer}/src/oauth/revoke/domain/*.ts`,
      `${authServer}/src/oauth/revoke/revocation-endpoint.service.ts`,
    ],
    tests: [
      `${authServer}/src/oauth/introspect/**/*.spec.ts`,
      `${authServer}/src/oauth/revoke/**/*.spec.ts`,
      `${authServer}/test/introspect.int-spec.ts`,
      `${authServer}/test/revoke.int-spec.ts`,
    ],
  },
  'resource-server': {
    title: 'packages/auth: token acceptance',
    tsconfig: 'packages/auth/tsconfig.json',
    mutate: [
      'packages/auth/src/domain/token-acceptance.ts',
      'packages/auth/src/access-token-verifier.ts',
      'packages/auth/src/access-token.guard.ts',
      'packages/auth/src/access-token.strategy.ts',
      'packages/auth/src/scopes.guard.ts',
      'packages/auth/src/jwks-key-provider.ts',
    ],
    tests: ['packages/auth/src/**/*.spec.ts', 'packages/auth/test/*.int-spec.ts'],
  },
  'account-access': {
    title: 'account-service: access policy',
    tsconfig: `${accounts}/tsconfig.json`,
    mutate: [
      `${accounts}/src/access/domain/access-policy.ts`,
      `${accounts}/src/access/admin-access.check.ts`,
      `${accounts}/src/access/accounts-access.guard.ts`,
      `${accounts}/src/access/account-access-facts.ts`,
    ],
    tests: [`${accounts}/src/access/**/*.spec.ts`, `${accounts}/test/access.int-spec.ts`],
  },
  'account-preconditions': {
    title: 'account-service: preconditions and idempotency',
    tsconfig: `${accounts}/tsconfig.json`,
    mutate: [
      `${accounts}/src/common/domain/version-precondition.ts`,
      `${accounts}/src/common/if-match.decorator.ts`,
      `${accounts}/src/idempotency/domain/idempotent-request.ts`,
      `${accounts}/src/idempotency/idempotency.store.ts`,
      `${accounts}/src/idempotency/idempotency-key.decorator.ts`,
    ],
    tests: [
      `${accounts}/src/common/**/*.spec.ts`,
      `${accounts}/src/idempotency/**/*.spec.ts`,
      `${accounts}/test/concurrency.int-spec.ts`,
    ],
  },
  'event-ordering': {
    title: 'packages/events: consumer ordering and the outbox relay',
    tsconfig: 'packages/events/tsconfig.json',
    mutate: [
      'packages/events/src/consumer/versioned-upsert.ts',
      'packages/events/src/consumer/durable-consumer.ts',
      'packages/events/src/outbox/outbox-relay.ts',
    ],
    tests: [
      'packages/events/src/**/*.spec.ts',
      'packages/events/test/outbox-and-consumer.int-spec.ts',
      'packages/events/test/outbox-relay-lock.int-spec.ts',
      `${authServer}/test/projection.int-spec.ts`,
    ],
  },
};
