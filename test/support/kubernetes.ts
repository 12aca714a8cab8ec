/**
 * deploy/kubernetes as a cluster would receive it: rendered by kustomize (the one built into
 * kubectl), then every object checked against the Kubernetes API's schemas.
 *
 * The schemas are the npm package kubernetes-models 5.1.0 (MIT): validators generated from the
 * OpenAPI document of Kubernetes v1.36.0 (the older documents it merges in only add removed API
 * versions, which API_MODELS below does not accept). The Prometheus Operator's ServiceMonitor comes
 * from @kubernetes-models/prometheus-operator 6.0.0, generated from that operator's CRD.
 *
 * Those validators check types, required fields, enums and formats, but, like the OpenAPI document,
 * they allow properties they do not declare; the API server refuses them (kubectl's strict field
 * validation). So each object is validated through a Proxy that records which properties the
 * validator looks at: a property it never read is one the schema does not declare. A map (labels,
 * resources.limits) is enumerated by the validator, so its keys all count as read.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

import { parseAllDocuments } from 'yaml';

import { APP_ROOT } from './child.ts';

const run = promisify(execFile);

export const KUBERNETES_DIR = join(APP_ROOT, 'deploy/kubernetes');

/** Loose on purpose: tests read fields the way a controller would, and fail when one is missing. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
};

interface ModelClass {
  prototype: { validate(this: unknown): void };
}

/** The API versions these manifests may use (the current ones), each with its schema. */
const API_MODELS: Record<string, () => Promise<ModelClass>> = {
  'v1 Namespace': async () => (await import('kubernetes-models/v1/Namespace')).Namespace,
  'v1 ServiceAccount': async () => (await import('kubernetes-models/v1/ServiceAccount')).ServiceAccount,
  'v1 ConfigMap': async () => (await import('kubernetes-models/v1/ConfigMap')).ConfigMap,
  'v1 Service': async () => (await import('kubernetes-models/v1/Service')).Service,
  'apps/v1 Deployment': async () => (await import('kubernetes-models/apps/v1/Deployment')).Deployment,
  'batch/v1 Job': async () => (await import('kubernetes-models/batch/v1/Job')).Job,
  'networking.k8s.io/v1 Ingress': async () => (await import('kubernetes-models/networking.k8s.io/v1/Ingress')).Ingress,
  'autoscaling/v2 HorizontalPodAutoscaler': async () =>
    (await import('kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler')).HorizontalPodAutoscaler,
  'policy/v1 PodDisruptionBudget': async () => (await import('kubernetes-models/policy/v1/PodDisruptionBudget')).PodDisruptionBudget,
  'monitoring.coreos.com/v1 ServiceMonitor': async () =>
    (await import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor')).ServiceMonitor,
};

/** undefined when kubectl with kustomize v5 is on PATH; otherwise what is missing. */
export async function kubectlProblem(): Promise<string | undefined> {
  try {
    const { stdout } = await run('kubectl', ['version', '--client', '--output=json']);
    const version = (JSON.parse(stdout) as { kustomizeVersion?: string }).kustomizeVersion ?? '';
    if (!/^v[5-9]\./.test(version)) return `kubectl's kustomize is ${version || 'missing'}; components need v5`;
    return undefined;
  } catch (error) {
    return `kubectl is not usable (${(error as Error).message.split('\n')[0]}); it renders deploy/kubernetes (kubectl kustomize)`;
  }
}

/** `kubectl kustomize dir`: the objects a `kubectl apply -k dir` would send. */
export async function render(dir: string): Promise<K8sObject[]> {
  const { stdout } = await run('kubectl', ['kustomize', dir], { maxBuffer: 16 * 1024 * 1024 });
  return parseAllDocuments(stdout).map((doc) => {
    if (doc.errors.length) throw new Error(`kustomize printed invalid YAML: ${doc.errors[0].message}`);
    return doc.toJS() as K8sObject;
  });
}

/** A kustomization in a temporary folder; `resources` and `components` are paths under deploy/kubernetes. */
export function composeKustomization(options: { resources: string[]; components?: string[]; patches?: object[] }): string {
  const dir = mkdtempSync(join(tmpdir(), 'filamenta-kustomize-'));
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    // kustomize refuses absolute paths here.
    resources: options.resources.map((p) => relative(dir, join(KUBERNETES_DIR, p))),
    components: (options.components ?? []).map((p) => relative(dir, join(KUBERNETES_DIR, p))),
    patches: options.patches ?? [],
  };
  writeFileSync(join(dir, 'kustomization.yaml'), JSON.stringify(kustomization, null, 2));
  return dir;
}

/** What is wrong with `object` for the API server: no schema for its kind, schema errors, undeclared fields. */
export async function validateObject(object: K8sObject): Promise<string[]> {
  const where = `${object.kind}/${object.metadata?.name}`;
  const model = API_MODELS[`${object.apiVersion} ${object.kind}`];
  if (!model) return [`${where}: no schema for ${object.apiVersion} ${object.kind} (not a current API version these manifests use)`];
  const { proxy, undeclared } = recordReads(object);
  const problems: string[] = [];
  try {
    (await model()).prototype.validate.call(proxy);
  } catch (error) {
    problems.push(`${where}: ${(error as Error).message}`);
  }
  return [...problems, ...undeclared().map((path) => `${where}: ${path} is not a field of the schema`)];
}

/** Every problem of every object. */
export async function validateAll(objects: K8sObject[]): Promise<string[]> {
  return (await Promise.all(objects.map(validateObject))).flat();
}

/** A proxy of `value` that records the properties read, and the own properties never read. */
function recordReads(value: object): { proxy: object; undeclared: () => string[] } {
  const seen = new Map<object, { path: string; proxy: object; read: Set<string> }>();
  const wrap = (target: object, path: string): object => {
    const known = seen.get(target);
    if (known) return known.proxy;
    const read = new Set<string>();
    const proxy = new Proxy(target, {
      get(t, key, receiver) {
        const v: unknown = Reflect.get(t, key, receiver);
        if (typeof key !== 'string') return v;
        read.add(key);
        return Object.hasOwn(t, key) && v !== null && typeof v === 'object' ? wrap(v, `${path}/${key}`) : v;
      },
      ownKeys(t) {
        for (const key of Reflect.ownKeys(t)) if (typeof key === 'string') read.add(key);
        return Reflect.ownKeys(t);
      },
    });
    seen.set(target, { path, proxy, read });
    return proxy;
  };
  const proxy = wrap(value, '');
  const undeclared = () =>
    [...seen].flatMap(([target, { path, read }]) =>
      Array.isArray(target)
        ? []
        : Object.keys(target)
            .filter((key) => !read.has(key))
            .map((key) => `${path}/${key}`),
    );
  return { proxy, undeclared };
}

/** The one object of `kind` (and `name`, when given). */
export function find(objects: K8sObject[], kind: string, name?: string): K8sObject {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0];
}

/** A container's environment as the kubelet builds it: envFrom ConfigMaps first, then env. */
export function containerEnv(objects: K8sObject[], container: K8sObject): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (!source.configMapRef) throw new Error(`unexpected envFrom ${JSON.stringify(source)}`);
    Object.assign(env, find(objects, 'ConfigMap', source.configMapRef.name).data);
  }
  for (const entry of container.env ?? []) {
    if (entry.value === undefined) throw new Error(`${entry.name} is not a plain value: ${JSON.stringify(entry)}`);
    env[entry.name] = entry.value;
  }
  return env;
}
