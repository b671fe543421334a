/**
 * Renders a Kustomize directory the way `kubectl kustomize` does, for the subset of Kustomize this
 * folder uses, so the manifests can be checked in CI on machines without kubectl. Anything outside
 * that subset is refused with an error rather than ignored: a field this renderer skipped would make
 * the checked output differ from what `kubectl apply -k` sends to a cluster.
 *
 * Supported: `resources` (files and directories), `namespace`, `labels` (without selectors),
 * `images`, `configMapGenerator` (literals; behaviours create, merge, replace, with Kustomize's
 * name-suffix hash and the rewrite of references to the generated name) and `generatorOptions`.
 *
 *   node -r @swc-node/register infra/k8s/kustomize.ts infra/k8s/overlays/example   # prints YAML
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments, parse, stringify } from 'yaml';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

interface LabelsEntry {
  pairs: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
}

interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

interface ConfigMapGeneratorEntry {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  literals?: string[];
}

interface GeneratorOptions {
  labels?: Record<string, string>;
  disableNameSuffixHash?: boolean;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  namespace?: string;
  labels?: LabelsEntry[];
  images?: ImageEntry[];
  configMapGenerator?: ConfigMapGeneratorEntry[];
  generatorOptions?: GeneratorOptions;
}

const KUSTOMIZATION_FIELDS = new Set<string>([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'labels',
  'images',
  'configMapGenerator',
  'generatorOptions',
]);
const LABELS_FIELDS = new Set(['pairs', 'includeSelectors', 'includeTemplates']);
const IMAGE_FIELDS = new Set(['name', 'newName', 'newTag', 'digest']);
const GENERATOR_FIELDS = new Set(['name', 'behavior', 'literals']);
const GENERATOR_OPTION_FIELDS = new Set(['labels', 'disableNameSuffixHash']);

/** Kinds that have no namespace; Kustomize's `namespace` leaves them alone. */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PriorityClass',
  'StorageClass',
  'PersistentVolume',
  'IngressClass',
  'RuntimeClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
]);

/** Kinds whose `spec.template` is a pod template (what `includeTemplates` and `images` reach). */
const POD_TEMPLATE_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job']);

/** A generated ConfigMap still waiting for its hash suffix, which only the outermost build adds. */
interface Generated {
  object: K8sObject;
  hashed: boolean;
}

interface Build {
  objects: K8sObject[];
  generated: Generated[];
}

export class KustomizeError extends Error {}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuseUnknownFields(where: string, value: unknown, known: Set<string>): void {
  if (!isObject(value)) throw new KustomizeError(`${where}: expected a mapping`);
  const unknown = Object.keys(value).filter((key) => !known.has(key));
  if (unknown.length) throw new KustomizeError(`${where}: unsupported field(s) ${unknown.join(', ')}`);
}

function readKustomization(dir: string): Kustomization {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
    .map((name) => join(dir, name))
    .find((path) => existsSync(path));
  if (!file) throw new KustomizeError(`${dir}: no kustomization.yaml`);
  const kustomization = parse(readFileSync(file, 'utf8')) as unknown;
  refuseUnknownFields(file, kustomization, KUSTOMIZATION_FIELDS);
  const checked = kustomization as Kustomization;
  if (checked.apiVersion !== undefined && checked.apiVersion !== 'kustomize.config.k8s.io/v1beta1')
    throw new KustomizeError(`${file}: unsupported apiVersion ${checked.apiVersion}`);
  if (checked.kind !== undefined && checked.kind !== 'Kustomization')
    throw new KustomizeError(`${file}: kind must be Kustomization (components are not supported)`);
  for (const entry of checked.labels ?? []) {
    refuseUnknownFields(`${file} labels`, entry, LABELS_FIELDS);
    // A selector label cannot change after a Deployment exists, so selectors stay in the resources.
    if (entry.includeSelectors)
      throw new KustomizeError(`${file}: labels with includeSelectors are not supported`);
  }
  for (const entry of checked.images ?? []) refuseUnknownFields(`${file} images`, entry, IMAGE_FIELDS);
  for (const entry of checked.configMapGenerator ?? [])
    refuseUnknownFields(`${file} configMapGenerator`, entry, GENERATOR_FIELDS);
  if (checked.generatorOptions !== undefined)
    refuseUnknownFields(`${file} generatorOptions`, checked.generatorOptions, GENERATOR_OPTION_FIELDS);
  return checked;
}

function readResourceFile(file: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (document.errors.length) throw new KustomizeError(`${file}: ${document.errors[0]?.message}`);
    const value = document.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (!isObject(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string')
      throw new KustomizeError(`${file}: every document needs apiVersion and kind`);
    const metadata = value.metadata;
    if (!isObject(metadata) || typeof metadata.name !== 'string' || !metadata.name)
      throw new KustomizeError(`${file}: a ${value.kind} without metadata.name`);
    objects.push(value as K8sObject);
  }
  return objects;
}

function idOf(object: K8sObject): string {
  return `${object.kind}/${object.metadata.namespace ?? '~'}/${object.metadata.name}`;
}

/** Parses `KEY=VALUE` the way Kustomize reads a literal: the first `=` splits, quotes are dropped. */
function parseLiteral(where: string, literal: string): [string, string] {
  const split = literal.indexOf('=');
  if (split <= 0) throw new KustomizeError(`${where}: literal "${literal}" is not KEY=VALUE`);
  const key = literal.slice(0, split);
  let value = literal.slice(split + 1);
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0])
    value = value.slice(1, -1);
  return [key, value];
}

/** The pod specs inside an object: a workload's template, a CronJob's, or a Pod's own spec. */
export function podSpecsOf(object: K8sObject): JsonObject[] {
  const spec = object.spec;
  if (!isObject(spec)) return [];
  if (object.kind === 'Pod') return [spec];
  if (POD_TEMPLATE_KINDS.has(object.kind)) {
    const template = spec.template;
    return isObject(template) && isObject(template.spec) ? [template.spec] : [];
  }
  if (object.kind === 'CronJob') {
    const jobSpec = isObject(spec.jobTemplate) ? spec.jobTemplate.spec : undefined;
    const template = isObject(jobSpec) ? jobSpec.template : undefined;
    return isObject(template) && isObject(template.spec) ? [template.spec] : [];
  }
  return [];
}

function containersOf(podSpec: JsonObject): JsonObject[] {
  return ['initContainers', 'containers'].flatMap((field) => {
    const list = podSpec[field];
    return Array.isArray(list) ? list.filter(isObject) : [];
  });
}

function templateMetadataOf(object: K8sObject): JsonObject[] {
  const spec = object.spec;
  if (!isObject(spec)) return [];
  const metadataOf = (holder: unknown): JsonObject | undefined => {
    if (!isObject(holder)) return undefined;
    holder.metadata ??= {};
    return isObject(holder.metadata) ? holder.metadata : undefined;
  };
  const found: Array<JsonObject | undefined> = [];
  if (POD_TEMPLATE_KINDS.has(object.kind)) found.push(metadataOf(spec.template));
  if (object.kind === 'CronJob') {
    found.push(metadataOf(spec.jobTemplate));
    if (isObject(spec.jobTemplate) && isObject(spec.jobTemplate.spec))
      found.push(metadataOf(spec.jobTemplate.spec.template));
  }
  return found.filter((metadata): metadata is JsonObject => metadata !== undefined);
}

function addLabels(metadata: JsonObject, pairs: Record<string, string>): void {
  metadata.labels = { ...(isObject(metadata.labels) ? metadata.labels : {}), ...pairs };
}

/** Splits `registry:5000/team/app:1.2@sha256:…` into its name, tag and digest. */
export function parseImage(image: string): { name: string; tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > withoutDigest.lastIndexOf('/');
  return {
    name: hasTag ? withoutDigest.slice(0, colon) : withoutDigest,
    tag: hasTag ? withoutDigest.slice(colon + 1) : undefined,
    digest,
  };
}

function applyImages(objects: K8sObject[], images: ImageEntry[]): void {
  for (const container of objects.flatMap(podSpecsOf).flatMap(containersOf)) {
    if (typeof container.image !== 'string') continue;
    const current = parseImage(container.image);
    const entry = images.find((image) => image.name === current.name);
    if (!entry) continue;
    const name = entry.newName ?? current.name;
    if (entry.digest) container.image = `${name}@${entry.digest}`;
    else if (entry.newTag) container.image = `${name}:${entry.newTag}`;
    else
      container.image = `${name}${current.tag ? `:${current.tag}` : ''}${current.digest ? `@${current.digest}` : ''}`;
  }
}

/** Go's encoding/json: keys sorted, and <, >, & and the JS line separators escaped. */
function goJson(value: unknown): string {
  const sorted = (input: unknown): unknown =>
    isObject(input)
      ? Object.fromEntries(
          Object.keys(input)
            .sort()
            .map((key) => [key, sorted(input[key])]),
        )
      : Array.isArray(input)
        ? input.map(sorted)
        : input;
  return JSON.stringify(sorted(value)).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Kustomize's ConfigMap name suffix: the first 10 hex digits of the SHA-256 of the JSON encoding of
 * kind, name and data, with 0, 1, 3, a and e replaced so the suffix never spells a word.
 */
export function configMapHash(name: string, data: Record<string, string> | undefined): string {
  const encoded = goJson({ kind: 'ConfigMap', name, data: data ?? '' });
  const hex = createHash('sha256').update(encoded).digest('hex').slice(0, 10);
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex].map((char) => swap[char] ?? char).join('');
}

/** Points every reference to a generated ConfigMap (same namespace) at its hashed name. */
function renameConfigMapReferences(
  objects: K8sObject[],
  namespace: string | undefined,
  from: string,
  to: string,
): void {
  const rename = (holder: unknown): void => {
    if (isObject(holder) && holder.name === from) holder.name = to;
  };
  for (const object of objects) {
    if (object.metadata.namespace !== namespace) continue;
    for (const podSpec of podSpecsOf(object)) {
      for (const container of containersOf(podSpec)) {
        for (const source of Array.isArray(container.envFrom) ? container.envFrom : [])
          if (isObject(source)) rename(source.configMapRef);
        for (const variable of Array.isArray(container.env) ? container.env : [])
          if (isObject(variable) && isObject(variable.valueFrom)) rename(variable.valueFrom.configMapKeyRef);
      }
      for (const volume of Array.isArray(podSpec.volumes) ? podSpec.volumes : []) {
        if (!isObject(volume)) continue;
        rename(volume.configMap);
        const sources = isObject(volume.projected) ? volume.projected.sources : undefined;
        for (const source of Array.isArray(sources) ? sources : [])
          if (isObject(source)) rename(source.configMap);
      }
    }
  }
}

function build(dir: string, seen: string[]): Build {
  const absolute = resolve(dir);
  if (seen.includes(absolute)) throw new KustomizeError(`${absolute}: kustomization cycle`);
  const kustomization = readKustomization(absolute);
  const objects: K8sObject[] = [];
  const generated: Generated[] = [];

  for (const entry of kustomization.resources ?? []) {
    const path = resolve(absolute, entry);
    if (!existsSync(path)) throw new KustomizeError(`${absolute}: resource ${entry} does not exist`);
    if (statSync(path).isDirectory()) {
      const child = build(path, [...seen, absolute]);
      objects.push(...child.objects);
      generated.push(...child.generated);
    } else {
      objects.push(...readResourceFile(path));
    }
  }

  const options = kustomization.generatorOptions ?? {};
  for (const generator of kustomization.configMapGenerator ?? []) {
    const where = `${absolute} configMapGenerator ${generator.name}`;
    const data = Object.fromEntries(
      (generator.literals ?? []).map((literal) => parseLiteral(where, literal)),
    );
    const behavior = generator.behavior ?? 'create';
    const existing = generated.find((entry) => entry.object.metadata.name === generator.name);
    if (behavior === 'create') {
      if (existing) throw new KustomizeError(`${where}: already generated; use behavior merge or replace`);
      const object: K8sObject = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: generator.name, ...(options.labels ? { labels: { ...options.labels } } : {}) },
        data,
      };
      objects.push(object);
      generated.push({ object, hashed: !options.disableNameSuffixHash });
    } else {
      if (!existing)
        throw new KustomizeError(`${where}: behavior ${behavior} needs a ConfigMap generated by a base`);
      const before = isObject(existing.object.data) ? (existing.object.data as Record<string, string>) : {};
      existing.object.data = behavior === 'merge' ? { ...before, ...data } : data;
      if (options.labels) addLabels(existing.object.metadata, options.labels);
      if (options.disableNameSuffixHash) existing.hashed = false;
    }
  }

  const ids = new Set<string>();
  for (const object of objects) {
    const id = idOf(object);
    if (ids.has(id)) throw new KustomizeError(`${absolute}: ${id} is declared twice`);
    ids.add(id);
  }

  if (kustomization.namespace) {
    for (const object of objects)
      if (!CLUSTER_SCOPED_KINDS.has(object.kind)) object.metadata.namespace = kustomization.namespace;
  }
  for (const entry of kustomization.labels ?? []) {
    for (const object of objects) {
      addLabels(object.metadata, entry.pairs);
      if (entry.includeTemplates)
        for (const metadata of templateMetadataOf(object)) addLabels(metadata, entry.pairs);
    }
  }
  if (kustomization.images) applyImages(objects, kustomization.images);
  return { objects, generated };
}

/** Renders the kustomization in `dir` with its bases, as `kubectl kustomize dir` would. */
export function renderKustomization(dir: string): K8sObject[] {
  const { objects, generated } = build(dir, []);
  for (const entry of generated) {
    if (!entry.hashed) continue;
    const { object } = entry;
    const name = object.metadata.name;
    const hashedName = `${name}-${configMapHash(name, object.data as Record<string, string> | undefined)}`;
    object.metadata.name = hashedName;
    renameConfigMapReferences(objects, object.metadata.namespace, name, hashedName);
  }
  return objects;
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node -r @swc-node/register infra/k8s/kustomize.ts <kustomization dir>');
    process.exit(64);
  }
  process.stdout.write(
    renderKustomization(dir)
      .map((object) => stringify(object))
      .join('---\n'),
  );
}
