import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const OVERLAYS = fileURLToPath(new URL('../k8s/overlays/', import.meta.url));
const SERVICES = ['auth-server', 'account-service', 'content-api', 'catalog-api'] as const;

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  [key: string]: unknown;
}
interface Container {
  name: string;
  image?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean };
}
interface PodSpec {
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean };
}

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
const inCi = process.env.CI === 'true';
if (!hasKubectl && !inCi) {
  process.stdout.write(
    '[infra] kubectl not found: the Kubernetes overlays are not rendered here\n',
  );
}

/** `kubectl kustomize` of an overlay, every document parsed. */
function render(overlay: string): K8sObject[] {
  const text = execFileSync('kubectl', ['kustomize', `${OVERLAYS}${overlay}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  return parseAllDocuments(text).map((document) =>
    withoutWrappedBase64(document.toJSON() as K8sObject),
  );
}

/**
 * Kustomize writes a long Secret value as a YAML block, base64 wrapped over lines; the API
 * server's decoder skips the line breaks, the schema's `byte` format does not: join them.
 */
function withoutWrappedBase64(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || object.data === undefined) {
    return object;
  }
  const data = Object.fromEntries(
    Object.entries(object.data).map(([key, value]) => [key, value.replace(/\s+/g, '')]),
  );
  return { ...object, data };
}

/**
 * Validates an object against the Kubernetes OpenAPI schema of its apiVersion and kind
 * (kubernetes-models): throws naming the field on an unknown or mistyped one.
 */
async function validate(object: K8sObject): Promise<void> {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : [undefined, object.apiVersion];
  const modulePath =
    group === undefined ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
  const models = (await import(modulePath)) as Record<
    string,
    new (data: K8sObject) => { validate(): void }
  >;
  const Model = models[object.kind];
  if (Model === undefined) {
    throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  }
  new Model(object).validate();
}

const podSpec = (object: K8sObject): PodSpec | undefined =>
  (object.spec?.template as { spec?: PodSpec } | undefined)?.spec;
const find = (objects: K8sObject[], kind: string, name: string): K8sObject | undefined =>
  objects.find((object) => object.kind === kind && object.metadata.name === name);

describe.skipIf(!hasKubectl && !inCi)('infra/k8s overlays', () => {
  it('kubectl is there in CI', () => {
    expect(hasKubectl, 'kubectl (with Kustomize) must be on the PATH in CI').toBe(true);
  });

  describe.each(['local', 'production'])('%s', (overlay) => {
    const objects = hasKubectl ? render(overlay) : [];

    it('renders, and every object validates against the Kubernetes schemas', async () => {
      expect(objects.length).toBeGreaterThan(10);
      for (const object of objects) {
        await expect(
          validate(object),
          `${object.kind}/${object.metadata.name}`,
        ).resolves.toBeUndefined();
      }
    });

    it('gives every container resource requests and a memory limit, and runs it as non-root', () => {
      for (const object of objects) {
        const spec = podSpec(object);
        if (
          spec === undefined ||
          object.metadata.labels?.['app.kubernetes.io/part-of'] !== 'charter'
        ) {
          continue;
        }
        expect(spec.securityContext?.runAsNonRoot, object.metadata.name).toBe(true);
        for (const container of spec.containers) {
          const where = `${object.kind}/${object.metadata.name}/${container.name}`;
          expect(container.resources?.requests?.cpu, where).toBeDefined();
          expect(container.resources?.requests?.memory, where).toBeDefined();
          expect(container.resources?.limits?.memory, where).toBeDefined();
          expect(container.securityContext?.allowPrivilegeEscalation, where).toBe(false);
        }
      }
    });

    it('autoscales each service on CPU, and denies by default what no NetworkPolicy allows', () => {
      for (const service of SERVICES) {
        const hpa = find(objects, 'HorizontalPodAutoscaler', service);
        const metrics = (hpa?.spec?.metrics ?? []) as Array<{ resource?: { name: string } }>;
        expect(
          metrics.some((metric) => metric.resource?.name === 'cpu'),
          service,
        ).toBe(true);
      }
      const deny = find(objects, 'NetworkPolicy', 'default-deny');
      expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      // The auth-server is reached by the resource servers (JWKS), never the other way round.
      const jwks = find(objects, 'NetworkPolicy', 'auth-server-jwks-from-resource-servers');
      expect(JSON.stringify(jwks?.spec)).toContain(
        '"values":["account-service","content-api","catalog-api"]',
      );
      expect(
        objects.filter(
          (object) =>
            object.kind === 'NetworkPolicy' &&
            JSON.stringify(object.spec).includes('"app.kubernetes.io/name":"account-service"') &&
            JSON.stringify(object.spec).includes('Ingress'),
        ),
      ).toEqual([]);
    });
  });

  describe('production', () => {
    const objects = hasKubectl ? render('production') : [];
    const config = (): Record<string, string> =>
      find(objects, 'ConfigMap', 'charter-config')?.data ?? {};

    it('leaves migrations to the Job, which runs each service’s migration:run before the new version', () => {
      expect(config().MIGRATE_ON_START).toBe('false');
      expect(config().NODE_ENV).toBe('production');
      const job = find(objects, 'Job', 'charter-migrations');
      const containers = podSpec(job!)?.containers ?? [];
      expect(containers.map((container) => [container.name, container.image])).toEqual([
        ['auth-server', 'charter/auth-server:0.1.0'],
        ['account-service', 'charter/account-service:0.1.0'],
        ['content-api', 'charter/content-api:0.1.0'],
        ['catalog-api', 'charter/catalog-api:0.1.0'],
      ]);
      expect(JSON.stringify(containers)).toContain('"command":["node","dist/database/migrate.js"]');
    });

    it('reads secrets only from Secrets created outside (none rendered), and serves over TLS', () => {
      expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
      const deployments = objects.filter((object) => object.kind === 'Deployment');
      for (const deployment of deployments) {
        const text = JSON.stringify(podSpec(deployment));
        expect(text, deployment.metadata.name).toMatch(
          /"secretKeyRef":\{[^}]*"name":"charter-secrets"/,
        );
        expect(text).not.toMatch(
          /"name":"(DATABASE_URL|CREDENTIALS_HASH_KEY|KEYS_ENCRYPTION_KEY|ADMIN_CLIENT_SECRET)","value"/,
        );
      }
      const ingress = find(objects, 'Ingress', 'charter');
      const tls = (ingress?.spec?.tls ?? []) as Array<{ hosts: string[]; secretName: string }>;
      const hosts = ((ingress?.spec?.rules ?? []) as Array<{ host: string }>).map(
        (rule) => rule.host,
      );
      expect(tls).toEqual([{ hosts, secretName: 'charter-tls' }]);
    });

    it('runs the three-node NATS cluster, and autoscales on request rate too', () => {
      const nats = find(objects, 'StatefulSet', 'nats');
      expect(nats?.metadata.namespace).toBe('charter-nats');
      expect(nats?.spec?.replicas).toBe(3);
      expect(config().EVENTS_STREAM_REPLICAS).toBe('3');
      for (const service of SERVICES) {
        const metrics = JSON.stringify(find(objects, 'HorizontalPodAutoscaler', service)?.spec);
        expect(metrics, service).toContain('"http_requests_per_second"');
      }
    });
  });

  describe('local', () => {
    const objects = hasKubectl ? render('local') : [];

    it('migrates at start, runs one replica each, and has its own PostgreSQL and NATS', () => {
      const config = find(objects, 'ConfigMap', 'charter-config')?.data ?? {};
      expect(config.MIGRATE_ON_START).toBe('true');
      expect(config.NODE_ENV).toBe('development');
      expect(find(objects, 'Job', 'charter-migrations')).toBeUndefined();
      for (const service of SERVICES) {
        expect(find(objects, 'Deployment', service)?.spec?.replicas, service).toBe(1);
      }
      expect(find(objects, 'Deployment', 'postgres')).toBeDefined();
      expect(find(objects, 'Deployment', 'nats')).toBeDefined();
      expect(find(objects, 'Ingress', 'charter')?.spec?.tls).toBeUndefined();
    });
  });
});
