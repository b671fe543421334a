import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  mkdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy, type INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service, type IService } from 'kubernetes-models/v1/Service';
import { generateInternalTokenKey, internalTokenKeyProblem, loadSigningKey } from '@lawfirm/auth';
import { INTERNAL_TOKEN_AUDIENCES, internalTokenKeyVariable } from '@lawfirm/contracts';
import type { PostgresCluster, ServiceName } from '@lawfirm/dev-postgres';
import { configVariables, serviceConfigClass } from '@lawfirm/platform';
import { configMapHash, KustomizeError, parseImage, renderKustomization, type K8sObject } from './kustomize';
import { signingKeysSecret, SIGNING_KEYS_SECRET } from './signing-keys';

/** The port every process serves /metrics on in the cluster (lawfirm-config's METRICS_PORT). */
const K8S_METRICS_PORT = 9464;

const ROOT = join(__dirname, '..', '..');
// The local launcher's ports and environment. The launcher (@lawfirm/dev-stack) starts the services,
// and infrastructure may not depend on an application even indirectly, so it is loaded by path
// (as test/compose.spec.ts loads the services' config classes) rather than imported.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stack = require(join(ROOT, 'scripts', 'lib', 'stack.ts')) as typeof import('../../scripts/lib/stack');
const { DEFAULT_PORTS, serviceEnv } = stack;
type Infra = Parameters<typeof serviceEnv>[1];
const OVERLAY_DIR = join(__dirname, 'overlays', 'example');
const SECRETS_EXAMPLE = join(OVERLAY_DIR, 'secrets.example.yaml');
const IMAGE = 'lawfirm-platform';
const PART_OF = { 'app.kubernetes.io/part-of': 'lawfirm' };
const NAME_LABEL = 'app.kubernetes.io/name';
/** Labels the ConfigMaps and Jobs that the README applies and waits for before the Deployments. */
const SETUP_LABEL = ['lawfirm/deploy-step', 'setup'] as const;
/** The two listeners callers outside the cluster use (ARCHITECTURE.md); every other process is internal. */
const PUBLIC = new Set(['gateway', 'admin-gateway']);

/** The repo's deployable processes: every folder under services/ with a src/main.ts. */
const processes = readdirSync(join(ROOT, 'services'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'services', entry.name, 'src', 'main.ts')))
  .map((entry) => entry.name as ServiceName);

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { command?: string[] }>;
};
function composeCommand(name: string): string {
  const command = compose.services[name]?.command;
  if (!command) throw new Error(`docker-compose.yml has no command for ${name}`);
  return command.join(' ');
}

// ---------------------------------------------------------------------------------------------
// What each process's config class asks for (configVariables, as test/compose.spec.ts reads it).

function configVariablesOf(service: string): { all: Set<string>; required: Set<string> } {
  return configVariables(serviceConfigClass(ROOT, service));
}

/** What the local launcher (scripts/lib/stack.ts) sets for a service, minus what the image provides. */
function launcherVariables(service: ServiceName): string[] {
  const pg = { appUrl: () => 'postgres://app@db/x' } as unknown as PostgresCluster;
  const infra: Infra = { pg, brokers: 'kafka:9092', stop: async () => undefined };
  const keys = {
    gatewaySigningKey: '{}',
    gatewayJwks: '{}',
    adminSigningKey: '{}',
    internalTokenKeys: Object.fromEntries(
      INTERNAL_TOKEN_AUDIENCES.map((audience) => [audience, generateInternalTokenKey()]),
    ) as Parameters<typeof serviceEnv>[3]['internalTokenKeys'],
  };
  const env = serviceEnv(service, infra, DEFAULT_PORTS, keys, {});
  // PATH and NODE_ENV come from the image (its Dockerfile sets NODE_ENV=production).
  return Object.keys(env).filter((name) => name !== 'PATH' && name !== 'NODE_ENV');
}

/** `INTAKE_URL` → `intake`: the process a gateway URL variable names. */
function upstreamOf(variable: string): string {
  return variable.replace(/_URL$/, '').toLowerCase().replace(/_/g, '-');
}

/** Processes whose config class declares a URL for `target`, i.e. the processes that call it. */
function callersOf(target: string): Set<string> {
  return new Set(
    processes.filter((caller) =>
      [...configVariablesOf(caller).all].some(
        (variable) => variable.endsWith('_URL') && upstreamOf(variable) === target,
      ),
    ),
  );
}

/** Values that must never sit in a ConfigMap or a manifest literal. */
function isSecretVariable(name: string): boolean {
  return (
    /^DATABASE(_OWNER)?_URL$/.test(name) ||
    /_KEY$/.test(name) ||
    /JWKS/.test(name) ||
    /PASSWORD|SECRET/.test(name)
  );
}

// ---------------------------------------------------------------------------------------------
// Reading rendered objects.

type Render = K8sObject[];

function objectOf(render: Render, kind: string, name: string): K8sObject {
  const found = render.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the render`);
  return found;
}

function deploymentOf(render: Render, name: string): IDeployment {
  return new Deployment(objectOf(render, 'Deployment', name) as never);
}

interface PodTemplate {
  owner: string;
  kind: string;
  labels: Record<string, string>;
  spec: IPodSpec;
}

function podTemplates(render: Render): PodTemplate[] {
  return render
    .filter((object) => object.kind === 'Deployment' || object.kind === 'Job')
    .map((object) => {
      const template = (
        object.spec as { template: { metadata?: { labels?: Record<string, string> }; spec: IPodSpec } }
      ).template;
      return {
        owner: `${object.kind}/${object.metadata.name}`,
        kind: object.kind,
        labels: template.metadata?.labels ?? {},
        spec: template.spec,
      };
    });
}

function mainContainer(render: Render, name: string): IContainer {
  const containers = deploymentOf(render, name).spec?.template.spec?.containers ?? [];
  expect({ deployment: name, containers: containers.length }).toEqual({ deployment: name, containers: 1 });
  return containers[0] as IContainer;
}

function containerPort(container: IContainer, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((candidate) => candidate.name === port)?.containerPort;
}

const exampleSecrets = new Map(
  parseAllDocuments(readFileSync(SECRETS_EXAMPLE, 'utf8'))
    .map((document) => new Secret(document.toJS() as never))
    .map((secret) => [secret.metadata?.name ?? '', { ...secret.stringData }] as const),
);

interface EnvSource {
  from: 'literal' | 'configMap' | 'secret';
  /** The value, when the manifests know it (not for Secrets). */
  value?: string;
  /** `<secret>/<key>` for a Secret. */
  ref?: string;
}

/**
 * A container's environment as the kubelet assembles it: envFrom in order, then env on top. A
 * reference to a ConfigMap that was not rendered, or to a Secret or key that the example does
 * not document, throws.
 */
function environmentOf(render: Render, container: IContainer): Map<string, EnvSource> {
  const configMapData = (name: string): Record<string, string> => {
    const configMap = new ConfigMap(objectOf(render, 'ConfigMap', name) as never);
    return configMap.data ?? {};
  };
  const secretData = (name: string): Record<string, string> => {
    const data = exampleSecrets.get(name);
    if (!data) throw new Error(`Secret ${name} is not documented in secrets.example.yaml`);
    return data;
  };
  const env = new Map<string, EnvSource>();
  for (const source of container.envFrom ?? []) {
    const prefix = source.prefix ?? '';
    if (source.configMapRef)
      for (const [key, value] of Object.entries(configMapData(source.configMapRef.name ?? '')))
        env.set(prefix + key, { from: 'configMap', value });
    if (source.secretRef)
      for (const key of Object.keys(secretData(source.secretRef.name ?? '')))
        env.set(prefix + key, { from: 'secret', ref: `${source.secretRef.name}/${key}` });
  }
  for (const variable of container.env ?? []) {
    const configMapKey = variable.valueFrom?.configMapKeyRef;
    const secretKey = variable.valueFrom?.secretKeyRef;
    if (configMapKey) {
      const data = configMapData(configMapKey.name ?? '');
      if (!(configMapKey.key in data))
        throw new Error(`ConfigMap ${configMapKey.name} has no ${configMapKey.key}`);
      env.set(variable.name, { from: 'configMap', value: data[configMapKey.key] });
    } else if (secretKey) {
      if (!(secretKey.key in secretData(secretKey.name ?? '')))
        throw new Error(`Secret ${secretKey.name} in secrets.example.yaml has no ${secretKey.key}`);
      env.set(variable.name, { from: 'secret', ref: `${secretKey.name}/${secretKey.key}` });
    } else {
      env.set(variable.name, { from: 'literal', value: variable.value ?? '' });
    }
  }
  return env;
}

// ---------------------------------------------------------------------------------------------
// Label selectors and NetworkPolicy ingress, as the API server and a CNI read them.

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

function selects(selector: Selector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return key in labels && values.includes(labels[key] as string);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key] as string);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      default:
        throw new Error(`unknown selector operator ${operator}`);
    }
  });
  return byLabel && byExpression;
}

interface Peer {
  labels: Record<string, string>;
  /** In the platform's namespace (a podSelector without namespaceSelector reaches only these). */
  inNamespace: boolean;
}

/** Whether a TCP connection from `source` to `port` of a pod with `target` labels is admitted. */
function ingressAllowed(render: Render, target: PodTemplate, port: number, source: Peer): boolean {
  const policies = render
    .filter((object) => object.kind === 'NetworkPolicy')
    .map((object) => new NetworkPolicy(object as never) as INetworkPolicy)
    .filter((policy) => selects(policy.spec?.podSelector as Selector, target.labels))
    .filter((policy) => (policy.spec?.policyTypes ?? ['Ingress']).includes('Ingress'));
  if (!policies.length) return true;
  const container = target.spec.containers[0] as IContainer;
  return policies.some((policy) =>
    (policy.spec?.ingress ?? []).some((rule) => {
      const portAllowed =
        !rule.ports?.length ||
        rule.ports.some(
          (allowed) =>
            (allowed.protocol ?? 'TCP') === 'TCP' &&
            (allowed.port === undefined ||
              (allowed.endPort !== undefined
                ? port >= Number(allowed.port) && port <= allowed.endPort
                : containerPort(container, allowed.port) === port)),
        );
      const peerAllowed =
        !rule.from?.length ||
        rule.from.some((peer) => {
          // Conservative: an address block or a namespace selector may take in any caller.
          if (peer.ipBlock || peer.namespaceSelector)
            return !peer.podSelector || selects(peer.podSelector as Selector, source.labels);
          return source.inNamespace && selects(peer.podSelector as Selector, source.labels);
        });
      return portAllowed && peerAllowed;
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Resource quantities.

function cpuMillis(quantity: string | number | undefined): number {
  if (quantity === undefined) return NaN;
  const text = String(quantity);
  return text.endsWith('m') ? Number(text.slice(0, -1)) : Number(text) * 1000;
}

function memoryMiB(quantity: string | number | undefined): number {
  if (quantity === undefined) return NaN;
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|k|M|G)?$/.exec(String(quantity));
  if (!match) return NaN;
  const factor: Record<string, number> = {
    Ki: 1 / 1024,
    Mi: 1,
    Gi: 1024,
    k: 1000 / 1048576,
    M: 1e6 / 1048576,
    G: 1e9 / 1048576,
  };
  return Number(match[1]) * (match[2] ? (factor[match[2]] as number) : 1 / 1048576);
}

// ---------------------------------------------------------------------------------------------

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

const overlayKustomization = parse(readFileSync(join(OVERLAY_DIR, 'kustomization.yaml'), 'utf8')) as {
  namespace: string;
  images: Array<{ name: string; newName: string; newTag: string }>;
};

const renders: Array<[string, Render]> = [
  ['base', renderKustomization(join(__dirname, 'base'))],
  ['overlays/example', renderKustomization(OVERLAY_DIR)],
];

describe.each(renders)('infra/k8s/%s', (renderName, render) => {
  it('renders only objects that the Kubernetes schemas accept', () => {
    const problems = render.flatMap((object) => {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      if (!Model) return [`${object.apiVersion} ${object.kind} has no schema here`];
      try {
        new Model(object as never).validate();
        return [];
      } catch (error) {
        return [
          `${object.kind}/${object.metadata.name}: ${error instanceof Error ? error.message : String(error)}`,
        ];
      }
    });
    expect(problems).toEqual([]);
    expect(render.length).toBeGreaterThan(processes.length * 5);
  });

  it('runs each process as a Deployment with its own Service, PodDisruptionBudget and HorizontalPodAutoscaler', () => {
    expect(processes.length).toBeGreaterThanOrEqual(7);
    const deployments = render
      .filter((object) => object.kind === 'Deployment')
      .map((object) => object.metadata.name);
    expect([...deployments].sort()).toEqual([...processes].sort());
    const templates = podTemplates(render);

    for (const name of processes) {
      const deployment = deploymentOf(render, name);
      const podLabels = deployment.spec?.template.metadata?.labels ?? {};
      expect({ name, selectsOwnPods: selects(deployment.spec?.selector as Selector, podLabels) }).toEqual({
        name,
        selectsOwnPods: true,
      });
      // Each selector must take in this Deployment's pods and no other workload's (not its migration Job's).
      const selected = (selector: Selector | undefined): string[] =>
        templates.filter((template) => selects(selector, template.labels)).map((template) => template.owner);

      const service = new Service(objectOf(render, 'Service', name) as never) as IService;
      expect({
        name,
        service: selected(service.spec?.selector ? { matchLabels: service.spec.selector } : undefined),
      }).toEqual({
        name,
        service: [`Deployment/${name}`],
      });
      const servicePort = service.spec?.ports?.[0];
      expect({
        name,
        ports: service.spec?.ports?.length,
        port: servicePort?.port,
        target: containerPort(mainContainer(render, name), servicePort?.targetPort),
      }).toEqual({
        name,
        ports: 1,
        port: DEFAULT_PORTS[name],
        target: DEFAULT_PORTS[name],
      });

      const pdb = new PodDisruptionBudget(objectOf(render, 'PodDisruptionBudget', name) as never);
      expect({ name, pdb: selected(pdb.spec?.selector as Selector) }).toEqual({
        name,
        pdb: [`Deployment/${name}`],
      });
      expect({
        name,
        allowsOneAtATime: pdb.spec?.maxUnavailable === 1 || pdb.spec?.minAvailable === 1,
      }).toEqual({
        name,
        allowsOneAtATime: true,
      });

      // The autoscaler owns the replica count: at least two, so one pod can always be drained.
      const hpa = new HorizontalPodAutoscaler(objectOf(render, 'HorizontalPodAutoscaler', name) as never);
      expect({
        name,
        target: hpa.spec?.scaleTargetRef,
        min: hpa.spec?.minReplicas,
        replicasInDeployment: deployment.spec?.replicas,
      }).toEqual({
        name,
        target: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        min: 2,
        replicasInDeployment: undefined,
      });
      expect(hpa.spec?.maxReplicas).toBeGreaterThan(hpa.spec?.minReplicas ?? Infinity);
      const cpuTarget = hpa.spec?.metrics?.find((metric) => metric.resource?.name === 'cpu')?.resource
        ?.target;
      expect({ name, cpuTarget: cpuTarget?.type, utilization: cpuTarget?.averageUtilization }).toEqual({
        name,
        cpuTarget: 'Utilization',
        utilization: expect.any(Number),
      });
      // Utilization is measured against the request; without one the autoscaler cannot act.
      expect(cpuMillis(mainContainer(render, name).resources?.requests?.cpu)).toBeGreaterThan(0);
    }
  });

  it('probes /readyz for readiness and /healthz for liveness on the process port, listening on all interfaces, with metrics on their own port', () => {
    for (const name of processes) {
      const container = mainContainer(render, name);
      const env = environmentOf(render, container);
      const probe = (kind: 'readinessProbe' | 'livenessProbe' | 'startupProbe') => {
        const httpGet = container[kind]?.httpGet;
        return httpGet ? { path: httpGet.path, port: containerPort(container, httpGet.port) } : undefined;
      };
      expect({
        name,
        readiness: probe('readinessProbe'),
        liveness: probe('livenessProbe'),
        ports: container.ports?.map((port) => port.containerPort),
        PORT: env.get('PORT')?.value,
        HOST: env.get('HOST')?.value,
        METRICS_PORT: env.get('METRICS_PORT')?.value,
        METRICS_HOST: env.get('METRICS_HOST')?.value,
      }).toEqual({
        name,
        readiness: { path: '/readyz', port: DEFAULT_PORTS[name] },
        liveness: { path: '/healthz', port: DEFAULT_PORTS[name] },
        // /metrics is never served on the API port (issue 10): a scraper reads the metrics port.
        ports: [DEFAULT_PORTS[name], K8S_METRICS_PORT],
        PORT: String(DEFAULT_PORTS[name]),
        HOST: '0.0.0.0',
        METRICS_PORT: String(K8S_METRICS_PORT),
        METRICS_HOST: '0.0.0.0',
      });
      // A start-up probe, if any, must not wait on the database: /healthz only.
      if (container.startupProbe)
        expect({ name, startup: probe('startupProbe') }).toEqual({ name, startup: probe('livenessProbe') });
    }
  });

  it('gives each process every variable its config class requires and the launcher sets, under names the class knows', () => {
    for (const name of processes) {
      const { all, required } = configVariablesOf(name);
      // Guards the derivation itself.
      for (const base of ['PORT', 'DATABASE_URL', 'KAFKA_BROKERS'])
        expect({ name, required: required.has(base) }).toEqual({ name, required: true });
      const env = environmentOf(render, mainContainer(render, name));
      const provided = new Set(
        [...env.keys()].filter(
          (variable) => env.get(variable)?.value !== undefined || env.get(variable)?.from === 'secret',
        ),
      );
      const missing = [...new Set([...required, ...launcherVariables(name)])].filter(
        (variable) => !provided.has(variable),
      );
      expect({ name, missing }).toEqual({ name, missing: [] });
      // A misspelt name would be ignored and the class's default used silently. NODE_OPTIONS is Node's.
      const unknown = [...env.keys()].filter((variable) => !all.has(variable) && variable !== 'NODE_OPTIONS');
      expect({ name, unknown }).toEqual({ name, unknown: [] });
      const secretsInPlainSight = [...env.entries()].filter(
        ([variable, source]) => isSecretVariable(variable) && source.from !== 'secret',
      );
      expect({ name, secretsInPlainSight }).toEqual({ name, secretsInPlainSight: [] });
      // Each process reads its own database as the app role; the owner URL is for its migration Job only.
      expect({ name, database: env.get('DATABASE_URL')?.ref, owner: env.get('DATABASE_OWNER_URL') }).toEqual({
        name,
        database: `lawfirm-${name}-database/DATABASE_URL`,
        owner: undefined,
      });
    }
    const configMapValues = render
      .filter((object) => object.kind === 'ConfigMap')
      .flatMap((object) => Object.entries((object.data as Record<string, string>) ?? {}));
    expect(
      configMapValues.filter(
        ([key, value]) => isSecretVariable(key) || /postgres(ql)?:\/\/|"d"\s*:/.test(value),
      ),
    ).toEqual([]);
  });

  it('takes secrets only from the Secrets the operator creates, as documented in secrets.example.yaml, and ships none', () => {
    expect(render.filter((object) => object.kind === 'Secret').map((object) => object.metadata.name)).toEqual(
      [],
    );
    const referenced = new Set<string>();
    for (const template of podTemplates(render))
      for (const container of [...(template.spec.initContainers ?? []), ...template.spec.containers])
        for (const source of environmentOf(render, container).values())
          if (source.ref) referenced.add(source.ref);
    const documented = [...exampleSecrets].flatMap(([secret, data]) =>
      Object.keys(data).map((key) => `${secret}/${key}`),
    );
    // Every documented key is read by something, and (through environmentOf) every read key is documented.
    expect(documented.filter((ref) => !referenced.has(ref))).toEqual([]);
    expect(referenced.size).toBeGreaterThan(0);
    const realLooking = [...exampleSecrets].flatMap(([secret, data]) =>
      Object.entries(data)
        .filter(([, value]) => !value.includes('REPLACE_ME'))
        .map(([key]) => `${secret}/${key}`),
    );
    expect(realLooking).toEqual([]);
  });

  it('points the gateway at each upstream through that process’s Service, by name and port', () => {
    const env = environmentOf(render, mainContainer(render, 'gateway'));
    const upstreamVariables = [...configVariablesOf('gateway').all].filter(
      (variable) => variable.endsWith('_URL') && variable !== 'DATABASE_URL',
    );
    expect(upstreamVariables.length).toBeGreaterThanOrEqual(6);
    for (const variable of upstreamVariables) {
      const upstream = upstreamOf(variable);
      expect(processes).toContain(upstream);
      const url = new URL(env.get(variable)?.value ?? 'missing:');
      const service = new Service(objectOf(render, 'Service', url.hostname) as never);
      expect({
        variable,
        scheme: url.protocol,
        service: service.spec?.selector?.[NAME_LABEL],
        port: Number(url.port),
      }).toEqual({
        variable,
        scheme: 'http:',
        service: upstream,
        port: service.spec?.ports?.[0]?.port,
      });
    }
  });

  it('admits ingress to internal services only from their callers’ pods, to the gateways on their ports, and to nothing else', () => {
    const templates = podTemplates(render);
    const sources: Array<[string, Peer]> = [
      ...templates.map((template): [string, Peer] => [
        template.owner,
        { labels: template.labels, inNamespace: true },
      ]),
      ['unlabelled pod in the namespace', { labels: {}, inNamespace: true }],
      ['pod outside the namespace', { labels: {}, inNamespace: false }],
      // Another namespace's pod wearing the gateway's labels must not pass for the gateway.
      [
        'gateway look-alike outside the namespace',
        { labels: { [NAME_LABEL]: 'gateway' }, inNamespace: false },
      ],
    ];
    const defaultDeny = render.filter(
      (object) =>
        object.kind === 'NetworkPolicy' &&
        JSON.stringify((object.spec as INetworkPolicy['spec'])?.podSelector) === '{}' &&
        !(object.spec as INetworkPolicy['spec'])?.ingress?.length,
    );
    expect(defaultDeny.length).toBe(1);

    const wrong: string[] = [];
    for (const target of templates) {
      const name = target.kind === 'Deployment' ? (target.owner.split('/')[1] ?? '') : '';
      const port = target.kind === 'Deployment' ? DEFAULT_PORTS[name as ServiceName] : 8080;
      const callers = name ? callersOf(name) : new Set<string>();
      for (const [sourceName, source] of sources) {
        const sourceProcess = sourceName.startsWith('Deployment/')
          ? sourceName.slice('Deployment/'.length)
          : undefined;
        const expected =
          target.kind === 'Deployment' &&
          (PUBLIC.has(name) || (sourceProcess !== undefined && callers.has(sourceProcess)));
        if (ingressAllowed(render, target, port, source) !== expected)
          wrong.push(`${sourceName} → ${target.owner}:${port} ${expected ? 'refused' : 'admitted'}`);
        // Only the process port is open, whoever asks.
        if (ingressAllowed(render, target, 9999, source))
          wrong.push(`${sourceName} → ${target.owner}:9999 admitted`);
      }
    }
    expect(wrong).toEqual([]);
    // The derivation must see the gateway calling the services, or the check above proves little.
    expect([...callersOf('intake')]).toEqual(['gateway']);
  });

  it('runs every container as a non-root user, with a read-only root filesystem, no capabilities and sized resources', () => {
    const problems: string[] = [];
    for (const template of podTemplates(render)) {
      const pod = template.spec;
      if (pod.automountServiceAccountToken !== false)
        problems.push(`${template.owner}: mounts a service account token`);
      if (pod.hostNetwork || pod.hostPID || pod.hostIPC)
        problems.push(`${template.owner}: shares a host namespace`);
      for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
        const where = `${template.owner}/${container.name}`;
        const context = container.securityContext ?? {};
        const runAsNonRoot = context.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
        // The image's USER is a name (node); the kubelet can verify runAsNonRoot only with a numeric id.
        const runAsUser = context.runAsUser ?? pod.securityContext?.runAsUser;
        if (runAsNonRoot !== true || !runAsUser)
          problems.push(`${where}: may run as root (runAsNonRoot ${runAsNonRoot}, runAsUser ${runAsUser})`);
        if (context.allowPrivilegeEscalation !== false)
          problems.push(`${where}: allows privilege escalation`);
        if (context.privileged) problems.push(`${where}: privileged`);
        if (context.readOnlyRootFilesystem !== true) problems.push(`${where}: writable root filesystem`);
        if (!context.capabilities?.drop?.includes('ALL') || context.capabilities.add?.length)
          problems.push(`${where}: keeps capabilities`);
        // @swc-node/register writes its cache and native binding under /tmp.
        const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
        const tmpVolume = pod.volumes?.find((volume) => volume.name === tmp?.name);
        if (!tmp || tmp.readOnly || !tmpVolume?.emptyDir) problems.push(`${where}: no writable /tmp`);

        const { requests, limits } = container.resources ?? {};
        const cpu = [cpuMillis(requests?.cpu), cpuMillis(limits?.cpu)];
        const memory = [memoryMiB(requests?.memory), memoryMiB(limits?.memory)];
        if (!(cpu[0]! > 0 && cpu[0]! <= cpu[1]!))
          problems.push(`${where}: cpu requests/limits ${requests?.cpu}/${limits?.cpu}`);
        if (!(memory[0]! > 0 && memory[0]! <= memory[1]!))
          problems.push(`${where}: memory requests/limits ${requests?.memory}/${limits?.memory}`);
        // A V8 heap allowed past the memory limit ends in an OOM kill instead of a clean heap error.
        const heap = /--max-old-space-size=(\d+)/.exec(
          container.env?.find((variable) => variable.name === 'NODE_OPTIONS')?.value ?? '',
        )?.[1];
        if (heap !== undefined && !(Number(heap) < memory[1]!))
          problems.push(`${where}: heap ${heap} MiB ≥ memory limit`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('runs one image everywhere, with docker-compose’s commands for the services, their migrations and the topics', () => {
    const containers = podTemplates(render).flatMap((template) => [
      ...(template.spec.initContainers ?? []),
      ...template.spec.containers,
    ]);
    const images = new Set(containers.map((container) => container.image));
    const overlayImage = overlayKustomization.images.find((image) => image.name === IMAGE);
    expect([...images]).toEqual([
      renderName === 'base' ? IMAGE : `${overlayImage?.newName}:${overlayImage?.newTag}`,
    ]);

    const commandOf = (kind: string, name: string): string => {
      const workload = render.find((object) => object.kind === kind && object.metadata.name === name);
      const template = (workload?.spec as { template?: { spec?: IPodSpec } } | undefined)?.template;
      return (template?.spec?.containers[0]?.command ?? []).join(' ');
    };
    for (const name of processes) {
      expect({ name, command: commandOf('Deployment', name) }).toEqual({
        name,
        command: composeCommand(name),
      });
      const migrate = `migrate-${name}`;
      expect({ migrate, command: commandOf('Job', migrate) }).toEqual({
        migrate,
        command: composeCommand(migrate),
      });
      const job = new Job(objectOf(render, 'Job', migrate) as never);
      const env = environmentOf(render, job.spec?.template.spec?.containers[0] as IContainer);
      // Migrations run as the owner role, and grant to the app role the service connects as.
      expect({
        migrate,
        owner: env.get('DATABASE_OWNER_URL')?.ref,
        app: env.get('DATABASE_URL')?.ref,
      }).toEqual({
        migrate,
        owner: `lawfirm-${name}-database/DATABASE_OWNER_URL`,
        app: `lawfirm-${name}-database/DATABASE_URL`,
      });
      const [app, owner] = ['DATABASE_URL', 'DATABASE_OWNER_URL'].map(
        (key) => new URL(exampleSecrets.get(`lawfirm-${name}-database`)?.[key] ?? 'missing:'),
      );
      const db = name.replace(/-/g, '_');
      expect({
        name,
        app: [app?.username, app?.pathname],
        owner: [owner?.username, owner?.pathname],
      }).toEqual({
        name,
        app: [`${db}_app`, `/${db}`],
        owner: [`${db}_owner`, `/${db}`],
      });
    }
    expect(commandOf('Job', 'topics')).toBe(composeCommand('topics'));
    const topicsEnv = environmentOf(
      render,
      new Job(objectOf(render, 'Job', 'topics') as never).spec?.template.spec?.containers[0] as IContainer,
    );
    const serviceBrokers = environmentOf(render, mainContainer(render, 'intake')).get('KAFKA_BROKERS')?.value;
    expect(topicsEnv.get('KAFKA_BROKERS')?.value).toBe(serviceBrokers);
    expect(serviceBrokers).toBeTruthy();
  });

  it('labels everything as part of the platform, and marks exactly the setup steps that run before a rollout', () => {
    const unlabelled = render.filter(
      (object) => object.metadata.labels?.[Object.keys(PART_OF)[0] as string] !== 'lawfirm',
    );
    expect(unlabelled.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([]);
    const templates = podTemplates(render);
    for (const template of templates)
      expect({ owner: template.owner, labels: template.labels }).toEqual({
        owner: template.owner,
        labels: expect.objectContaining({ ...PART_OF, [NAME_LABEL]: expect.any(String) }),
      });
    const names = templates.map((template) => template.labels[NAME_LABEL]);
    expect(new Set(names).size).toBe(names.length);

    // Phase one of a deploy applies and waits for objects with this label; nothing long-running may carry it.
    const [key, value] = SETUP_LABEL;
    const setup = render
      .filter((object) => object.metadata.labels?.[key] === value)
      .map((object) => `${object.kind}/${object.metadata.name}`);
    const expectedSetup = render
      .filter((object) => object.kind === 'Job' || object.kind === 'ConfigMap')
      .map((object) => `${object.kind}/${object.metadata.name}`);
    expect([...setup].sort()).toEqual([...expectedSetup].sort());
    expect(render.filter((object) => object.kind === 'Job').length).toBe(processes.length + 1);
  });
});

describe('infra/k8s/overlays/example', () => {
  const [, overlay] = renders[1] as [string, Render];

  it('puts every object in its namespace and merges its broker address into the generated ConfigMap', () => {
    // The README's commands name this namespace; without one, objects would land in the kubectl default.
    expect(overlayKustomization.namespace).toBe('lawfirm');
    const elsewhere = overlay.filter(
      (object) => object.metadata.namespace !== overlayKustomization.namespace,
    );
    expect(elsewhere.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([]);
    const configMap = overlay.find(
      (object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('lawfirm-config-'),
    );
    expect((configMap?.data as Record<string, string>).HOST).toBe('0.0.0.0');
    const env = environmentOf(overlay, mainContainer(overlay, 'billing'));
    expect(env.get('KAFKA_BROKERS')?.value).toBe(
      (
        parse(readFileSync(join(OVERLAY_DIR, 'kustomization.yaml'), 'utf8')) as {
          configMapGenerator: Array<{ literals: string[] }>;
        }
      ).configMapGenerator[0]?.literals
        .find((literal) => literal.startsWith('KAFKA_BROKERS='))
        ?.slice('KAFKA_BROKERS='.length),
    );
  });
});

describe('signing-keys.ts', () => {
  it('writes the Secret the manifests read: two private keys and one internal-token key per service', async () => {
    const secret = new Secret((await signingKeysSecret()) as never);
    secret.validate();
    const data = secret.stringData ?? {};
    expect(secret.metadata?.name).toBe(SIGNING_KEYS_SECRET);
    expect(Object.keys(data).sort()).toEqual(
      Object.keys(exampleSecrets.get(SIGNING_KEYS_SECRET) ?? {}).sort(),
    );
    const gateway = await loadSigningKey(data.GATEWAY_SIGNING_KEY ?? '');
    const admin = await loadSigningKey(data.ADMIN_SIGNING_KEY ?? '');
    expect(admin.kid).not.toBe(gateway.kid);
    const internalKeys = INTERNAL_TOKEN_AUDIENCES.map((service) => data[internalTokenKeyVariable(service)]);
    for (const key of internalKeys) expect(internalTokenKeyProblem(key)).toBeUndefined();
    expect(new Set(internalKeys).size).toBe(INTERNAL_TOKEN_AUDIENCES.length);
  });
});

describe('renderKustomization', () => {
  let dir: string;
  const write = (path: string, text: string): void => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kustomize-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names generated ConfigMaps with Kustomize’s own hash (its hasher_test.go vectors)', () => {
    expect(configMapHash('', { one: '' })).toBe('9g67k2htb6');
    expect(configMapHash('', undefined)).toBe('6ct58987ht');
  });

  it('merges an overlay’s literals, renames the ConfigMap by the merged data and follows the references', () => {
    write(
      'base/kustomization.yaml',
      'resources: [job.yaml]\nconfigMapGenerator:\n  - name: settings\n    literals: [A=1, B=2]\n',
    );
    write(
      'base/job.yaml',
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: c\n          image: app:1\n          envFrom: [{configMapRef: {name: settings}}]\n',
    );
    write(
      'overlay/kustomization.yaml',
      'resources: [../base]\nnamespace: ns\nimages: [{name: app, newName: reg:5000/app, newTag: "2"}]\nconfigMapGenerator:\n  - name: settings\n    behavior: merge\n    literals: [B=3]\n',
    );
    const objects = renderKustomization(join(dir, 'overlay'));
    const configMap = objects.find((object) => object.kind === 'ConfigMap');
    expect(configMap?.data).toEqual({ A: '1', B: '3' });
    expect(configMap?.metadata.name).toBe(`settings-${configMapHash('settings', { A: '1', B: '3' })}`);
    const job = new Job(objects.find((object) => object.kind === 'Job') as never);
    const container = job.spec?.template.spec?.containers[0];
    expect(container?.envFrom?.[0]?.configMapRef?.name).toBe(configMap?.metadata.name);
    expect(container?.image).toBe('reg:5000/app:2');
    expect(objects.map((object) => object.metadata.namespace)).toEqual(['ns', 'ns']);
  });

  it('refuses Kustomize features it does not implement instead of ignoring them', () => {
    write('kustomization.yaml', 'resources: []\npatches: [{path: p.yaml}]\n');
    expect(() => renderKustomization(dir)).toThrow(KustomizeError);
    write('kustomization.yaml', 'labels: [{pairs: {a: b}, includeSelectors: true}]\n');
    expect(() => renderKustomization(dir)).toThrow(/includeSelectors/);
  });

  it('splits image references with a registry port, a tag and a digest', () => {
    expect(parseImage('reg:5000/team/app:1.2@sha256:abc')).toEqual({
      name: 'reg:5000/team/app',
      tag: '1.2',
      digest: 'sha256:abc',
    });
    expect(parseImage('reg:5000/app')).toEqual({ name: 'reg:5000/app', tag: undefined, digest: undefined });
  });
});
