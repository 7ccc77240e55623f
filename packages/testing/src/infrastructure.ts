import { connect as tcpConnect } from 'node:net';

/**
 * Where the tests' PostgreSQL and NATS are: DATABASE_URL / NATS_URL when set;
 * else the default local ports when something answers there; else containers
 * started through testcontainers (only when Docker is there).
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
  if ((databaseUrl || (await answers(5432))) && (natsUrl || (await answers(4222)))) {
    return { databaseUrl: databaseUrl ?? LOCAL_DATABASE_URL, natsUrl: natsUrl ?? LOCAL_NATS_URL };
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
      : await new GenericContainer('nats:2.10-alpine')
          .withCommand(['-js'])
          .withExposedPorts(4222)
          .start();
    return {
      databaseUrl:
        databaseUrl ??
        `postgres://postgres@${postgres!.getHost()}:${postgres!.getMappedPort(5432)}/postgres`,
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

const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_NATS_URL = 'nats://127.0.0.1:4222';

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port, timeout: 500 });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}
