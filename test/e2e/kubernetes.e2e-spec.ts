import '@resetdesk/auth';
import '@resetdesk/chat';
import { parseConfigGroups, SHUTDOWN_TIMEOUT_MS } from '@resetdesk/core';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT } from '../support/run-entrypoint';

const DIR = join(ROOT, 'deploy', 'kubernetes');

interface Probe {
  httpGet?: { path: string; port: string | number };
}

interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[] } };
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: { memory?: string } };
}

interface PodSpec {
  containers: Container[];
  terminationGracePeriodSeconds?: number;
  restartPolicy?: string;
  securityContext?: { runAsNonRoot?: boolean };
}

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

type Deployment = Manifest & {
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
};

/** The API versions a current cluster serves for each kind used. */
const API_VERSIONS: Record<string, string> = {
  Namespace: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Service: 'v1',
  Deployment: 'apps/v1',
  Job: 'batch/v1',
  PodDisruptionBudget: 'policy/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  Ingress: 'networking.k8s.io/v1',
};

function load(file: string): Manifest[] {
  const documents = parseAllDocuments(readFileSync(join(DIR, file), 'utf8'));
  for (const document of documents) expect(document.errors).toEqual([]);
  return documents.map((document) => document.toJS() as Manifest);
}

const kustomization = load('kustomization.yaml')[0] as unknown as {
  resources: string[];
  namespace: string;
  images: Array<{ name: string }>;
};
const manifests = kustomization.resources.flatMap(load);
const secretExample = load('secrets.example.yaml')[0]!;
const ofKind = <T extends Manifest>(kind: string) => manifests.filter((manifest) => manifest.kind === kind) as T[];
const named = <T extends Manifest>(kind: string, name: string) => ofKind<T>(kind).find((manifest) => manifest.metadata.name === name)!;
const deployments = ofKind<Deployment>('Deployment');
const api = named<Deployment>('Deployment', 'resetdesk-api');
const worker = named<Deployment>('Deployment', 'resetdesk-worker');
const job = named<Manifest & { spec: { template: { spec: PodSpec } } }>('Job', 'resetdesk-migrate');
const podSpecs = [...deployments.map((deployment) => deployment.spec.template.spec), job.spec.template.spec];
const containers = podSpecs.flatMap((spec) => spec.containers);
const openApiPaths = Object.keys((JSON.parse(readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8')) as { paths: object }).paths);
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe('deploy/kubernetes', () => {
  it('renders: every file parses, the kustomization lists each one but the Secret example, and every kind is served', () => {
    const files = readdirSync(DIR).filter((file) => file.endsWith('.yaml'));
    expect([...kustomization.resources, 'kustomization.yaml', 'secrets.example.yaml'].sort()).toEqual(files.sort());
    for (const manifest of manifests) {
      expect({ kind: manifest.kind, apiVersion: manifest.apiVersion }).toEqual({
        kind: manifest.kind,
        apiVersion: API_VERSIONS[manifest.kind],
      });
      expect(manifest.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      // The kustomization puts everything in its namespace; no file may send a resource elsewhere.
      expect(manifest.metadata.namespace).toBeUndefined();
    }
    expect(named('Namespace', kustomization.namespace)).toBeDefined();
    expect(secretExample.metadata.namespace).toBe(kustomization.namespace);
    for (const { image } of containers) expect(kustomization.images.map((entry) => entry.name)).toContain(image);
  });

  it('runs the API, the worker and the migration from the image, each command an entry point the build makes', () => {
    expect(api.spec.template.spec.containers[0]!.command).toBeUndefined(); // the image's CMD
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toContain('CMD ["node", "dist/apps/api/src/main.js"]');
    expect(worker.spec.template.spec.containers[0]!.command).toEqual(['node', 'dist/apps/worker/src/main.js']);
    expect(job.spec.template.spec.containers[0]!.command).toEqual(['node', 'dist/apps/cli/src/main.js', 'migrate']);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    for (const entry of ['api', 'worker', 'cli']) expect(existsSync(join(ROOT, 'apps', entry, 'src', 'main.ts'))).toBe(true);
  });

  it('checks readiness on /api/health and liveness on /api/health/live, on the port the API listens on', () => {
    const [container] = api.spec.template.spec.containers;
    const ports = Object.fromEntries(container!.ports!.map((port) => [port.name, port.containerPort]));
    expect(ports).toEqual({ http: 3000 });
    expect(container!.readinessProbe?.httpGet).toEqual({ path: '/api/health', port: 'http' });
    expect(container!.livenessProbe?.httpGet).toEqual({ path: '/api/health/live', port: 'http' });
    expect(container!.startupProbe?.httpGet).toEqual({ path: '/api/health/live', port: 'http' });
    for (const path of ['/api/health', '/api/health/live']) expect(openApiPaths).toContain(path);
    // The worker has no HTTP port to probe: it waits out a Redis failover and exits when it cannot go on.
    expect(worker.spec.template.spec.containers[0]!.livenessProbe).toBeUndefined();
  });

  it('gives each process longer than its own graceful shutdown before the kubelet kills it', () => {
    const preStop = Number(api.spec.template.spec.containers[0]!.lifecycle?.preStop?.exec?.command[1] ?? 0);
    expect(preStop).toBeGreaterThan(0);
    expect(api.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(SHUTDOWN_TIMEOUT_MS / 1000 + preStop);
    expect(worker.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(SHUTDOWN_TIMEOUT_MS / 1000);
  });

  it('wires selectors, the Service, the disruption budgets and the autoscalers to the Deployments they mean', () => {
    for (const deployment of deployments) {
      expect(matches(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(true);
      const budget = ofKind<Manifest & { spec: { minAvailable: number; selector: { matchLabels: Record<string, string> } } }>(
        'PodDisruptionBudget',
      ).find((pdb) => matches(pdb.spec.selector.matchLabels, deployment.spec.template.metadata.labels));
      const scaler = ofKind<
        Manifest & { spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number } }
      >('HorizontalPodAutoscaler').find(
        (hpa) => hpa.spec.scaleTargetRef.kind === 'Deployment' && hpa.spec.scaleTargetRef.name === deployment.metadata.name,
      );
      expect(budget).toBeDefined();
      expect(scaler).toBeDefined();
      // A budget as large as the smallest scale would block every node drain.
      expect(budget!.spec.minAvailable).toBeLessThan(scaler!.spec.minReplicas);
      expect(deployment.spec.replicas).toBeGreaterThanOrEqual(scaler!.spec.minReplicas);
      expect(scaler!.spec.maxReplicas).toBeGreaterThan(scaler!.spec.minReplicas);
    }
    const service = named<Manifest & { spec: { selector: Record<string, string>; ports: Array<{ name: string; targetPort: string }> } }>(
      'Service',
      'resetdesk-api',
    );
    expect(matches(service.spec.selector, api.spec.template.metadata.labels)).toBe(true);
    expect(matches(service.spec.selector, worker.spec.template.metadata.labels)).toBe(false);
    expect(service.spec.ports.map((port) => port.targetPort)).toEqual(['http']);
    const ingress = named<Manifest & { spec: { rules: Array<{ http: { paths: Array<{ backend: { service: { name: string } } }> } }> } }>(
      'Ingress',
      'resetdesk',
    );
    expect(ingress.spec.rules[0]!.http.paths[0]!.backend.service.name).toBe(service.metadata.name);
    // The live ticket pages are server-sent events.
    expect(ingress.metadata).toMatchObject({ annotations: { 'nginx.ingress.kubernetes.io/proxy-buffering': 'off' } });
  });

  it('runs every container as a non-root user on a read-only file system with requests set', () => {
    for (const spec of podSpecs) expect(spec.securityContext?.runAsNonRoot).toBe(true);
    for (const container of containers) {
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.resources?.requests?.cpu).toBeDefined();
      expect(container.resources?.requests?.memory).toBeDefined();
      expect(container.resources?.limits?.memory).toBeDefined();
      expect(container.envFrom).toEqual([
        { configMapRef: { name: 'resetdesk-config' } },
        { secretRef: { name: secretExample.metadata.name } },
      ]);
    }
  });

  describe('configuration', () => {
    const config = named('ConfigMap', 'resetdesk-config').data!;
    const secretNames = Object.keys(secretExample.stringData!);
    // Values an operator would put in the Secret.
    const filled: Record<string, string> = {
      JWT_SECRET: 'k'.repeat(48),
      DATA_KEY: randomBytes(32).toString('base64'),
      CHAT_WEBHOOK_SECRET: 'c'.repeat(48),
      DATABASE_URL: 'mysql://resetdesk:secret@mysql:3306/resetdesk',
      SMTP_URL: 'smtp://relay.example.com:587',
    };

    it('keeps every secret in the Secret and nothing secret in the ConfigMap, whose variables are all documented', () => {
      const documented = new Set(
        [...readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8').matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map(([, name]) => name),
      );
      for (const name of [...Object.keys(config), ...secretNames]) expect(documented).toContain(name);
      expect(Object.keys(config).filter((name) => /SECRET|KEY|PASSWORD|TOKEN/.test(name))).toEqual([]);
      expect(Object.values(secretExample.stringData!)).toEqual(secretNames.map(() => ''));
      expect(Object.keys(filled).sort()).toEqual(secretNames.sort());
    });

    it('is a configuration the processes accept in production once the Secret is filled in', () => {
      expect(() => parseConfigGroups({ ...config, ...filled })).not.toThrow();
    });

    it('is refused at start, naming each secret, while the Secret is left as shipped', () => {
      let message = '';
      try {
        parseConfigGroups({ ...config, ...secretExample.stringData });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^Invalid configuration: /);
      for (const name of ['JWT_SECRET', 'DATA_KEY', 'CHAT_WEBHOOK_SECRET', 'SMTP_URL']) expect(message).toContain(`${name} is required`);
    });
  });
});
