/**
 * Where the tests' PostgreSQL and NATS are: DATABASE_URL / NATS_URL when set,
 * else containers started through testcontainers (only when Docker is there).
 */
export interface Infrastructure {
  readonly databaseUrl: string;
  readonly natsUrl: string;
}

let pending: Promise<Infrastructure> | undefined;

export function resolveInfrastructure(): Promise<Infrastructure> {
  pending ??= resolve();
  return pending;
}

async function resolve(): Promise<Infrastructure> {
  const databaseUrl = process.env.DATABASE_URL;
  const natsUrl = process.env.NATS_URL;
  if (databaseUrl && natsUrl) {
    return { databaseUrl, natsUrl };
  }
  try {
    const { GenericContainer, Wait } = await import('testcontainers');
    const postgres = databaseUrl
      ? undefined
      : await new GenericContainer('postgres:15-alpine')
          .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
          .withExposedPorts(5432)
          .withWaitStrategy(Wait.forLogMessage(/ready to accept connections/, 2))
          .start();
    const nats = natsUrl
      ? undefined
      : await new GenericContainer('nats:2.10-alpine').withCommand(['-js']).withExposedPorts(4222).start();
    return {
      databaseUrl: databaseUrl ?? `postgres://postgres@${postgres!.getHost()}:${postgres!.getMappedPort(5432)}/postgres`,
      natsUrl: natsUrl ?? `nats://${nats!.getHost()}:${nats!.getMappedPort(4222)}`,
    };
  } catch (error) {
    throw new Error(
      'Tests need PostgreSQL and NATS JetStream: set DATABASE_URL and NATS_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres ' +
        `and nats://127.0.0.1:4222), or run Docker for testcontainers. (${(error as Error).message})`,
      { cause: error },
    );
  }
}
