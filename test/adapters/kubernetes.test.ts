/**
 * deploy/kubernetes: the base, every overlay and every optional component rendered by kustomize
 * (kubectl kustomize) and each object validated against the Kubernetes API schemas
 * (test/support/kubernetes.ts); then what the deployment relies on, read off the rendered objects;
 * then the rendered Deployment and Job run in the real image against real databases. No cluster runs
 * here: what a cluster would add is in docs/deploy/kubernetes.md.
 */
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config.ts';
import { EXIT_CODES } from '../../src/runtime.ts';
import { buildahProblem, buildImage, type ContainerProcess, inspectImage, rootfsChanges, WorkingContainer } from '../support/buildah.ts';
import { APP_ROOT } from '../support/child.ts';
import { databasesRequired, provisionDatabase, serverProblem } from '../support/databases.ts';
import {
  composeKustomization,
  containerEnv,
  find,
  type K8sObject,
  kubectlProblem,
  KUBERNETES_DIR,
  render,
  validateAll,
  validateObject,
} from '../support/kubernetes.ts';
import { freePort, httpRequest, pollUntil } from '../support/process.ts';
import { afterDatabaseLine } from '../support/script-output.ts';

const OVERLAYS = ['overlays/postgresql', 'overlays/mariadb', 'overlays/postgresql-read-replicas'];
const COMPONENTS = [
  'components/smtp',
  'components/redis',
  'components/opentelemetry',
  'components/read-replicas',
  'components/servicemonitor',
];
const SECRET_NAMES = /PASSWORD|SECRET|DATABASE_URL|TOKEN|REDIS_URL|REPLICA_URLS/;
const SECRET_MOUNT = '/run/secrets/filamenta';
/** PostgreSQL's default max_connections (100) less its superuser_reserved_connections (3); MariaDB allows 151. */
const DB_CONNECTION_LIMIT = 97;

const rendered = new Map<string, K8sObject[]>();
const dirs: string[] = [];

beforeAll(async () => {
  const problem = await kubectlProblem();
  if (problem) throw new Error(problem);
  for (const dir of ['base', ...OVERLAYS]) rendered.set(dir, await render(join(KUBERNETES_DIR, dir)));
}, 60_000);

afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function composed(options: Parameters<typeof composeKustomization>[0]): Promise<K8sObject[]> {
  const dir = composeKustomization(options);
  dirs.push(dir);
  return render(dir);
}

/** The pod templates of an overlay: the Deployment's and the migration Job's. */
function pods(objects: K8sObject[]) {
  return { api: find(objects, 'Deployment', 'filamenta').spec.template, migrate: find(objects, 'Job', 'filamenta-migrate').spec.template };
}

const allContainers = (pod: K8sObject) => [...(pod.spec.initContainers ?? []), ...pod.spec.containers];

describe('deploy/kubernetes: rendered and validated against the Kubernetes API schemas', () => {
  it('renders the base and every overlay, every object valid with no field the API does not know', async () => {
    for (const [dir, objects] of rendered) {
      expect(await validateAll(objects), dir).toEqual([]);
      expect(objects.map((o) => o.kind).sort(), dir).toEqual(
        expect.arrayContaining(['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'Job', 'PodDisruptionBudget', 'Service']),
      );
    }
    for (const dir of OVERLAYS) {
      const objects = rendered.get(dir)!;
      expect(find(objects, 'Namespace').metadata.labels?.['pod-security.kubernetes.io/enforce'], dir).toBe('restricted');
      for (const o of objects.filter((o) => o.kind !== 'Namespace')) expect(o.metadata.namespace, `${dir} ${o.kind}`).toBe('filamenta');
    }
  });

  it('composes each optional component with each database overlay, still valid (the ServiceMonitor against its CRD)', async () => {
    for (const overlay of ['overlays/postgresql', 'overlays/mariadb']) {
      for (const component of COMPONENTS) {
        const objects = await composed({ resources: [overlay], components: [component] });
        expect(await validateAll(objects), `${overlay} + ${component}`).toEqual([]);
      }
    }
    const everything = await composed({
      resources: ['overlays/postgresql'],
      components: COMPONENTS.filter((c) => c !== 'components/smtp'),
    });
    expect(await validateAll(everything)).toEqual([]);
    const monitor = find(everything, 'ServiceMonitor');
    expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);
    expect(monitor.spec.endpoints[0].authorization).toEqual({ type: 'Bearer', credentials: { name: 'filamenta', key: 'metrics_token' } });
    expect(find(everything, 'Service').metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
  });

  it('fails on a field the API does not know, a missing required field, a wrong type and a removed API version', async () => {
    const misspelt = await composed({
      resources: ['base'],
      patches: [
        {
          target: { kind: 'Deployment' },
          patch: JSON.stringify([{ op: 'add', path: '/spec/template/spec/containers/0/readinesProbe', value: { periodSeconds: 5 } }]),
        },
      ],
    });
    expect(await validateAll(misspelt)).toEqual([
      'Deployment/filamenta: /spec/template/spec/containers/0/readinesProbe is not a field of the schema',
    ]);

    const deployment = structuredClone(find(rendered.get('base')!, 'Deployment'));
    delete deployment.spec.template.spec.containers[0].name;
    deployment.spec.revisionHistoryLimit = 'five';
    const problems = await validateObject(deployment);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Deployment\/filamenta: .*spec\/containers\/0 must have required property name/);
    expect(problems[0]).toMatch(/revisionHistoryLimit must be integer/);

    const pdb = { ...find(rendered.get('base')!, 'PodDisruptionBudget'), apiVersion: 'policy/v1beta1' };
    expect(await validateObject(pdb)).toEqual([
      'PodDisruptionBudget/filamenta: no schema for policy/v1beta1 PodDisruptionBudget (not a current API version these manifests use)',
    ]);
  });
});

describe('deploy/kubernetes: what the deployment relies on', () => {
  it('probes /health for start-up and liveness and /health/ready for readiness, on the port the app listens on', () => {
    for (const dir of OVERLAYS) {
      const container = pods(rendered.get(dir)!).api.spec.containers[0];
      const env = containerEnv(rendered.get(dir)!, container);
      expect(container.ports).toEqual([{ name: 'http', containerPort: 3000 }]);
      // The image's ENV sets PORT=3000; nothing here overrides it, nor the base path the probes assume.
      expect(env.PORT ?? '3000').toBe('3000');
      expect(env.BASE_PATH ?? env.APPLICATION_ROOT).toBeUndefined();
      expect(container.startupProbe.httpGet).toEqual({ path: '/health', port: 'http' });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      // A slow start is the start-up probe's business; liveness never restarts a pod waiting for its database.
      expect(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold).toBeGreaterThanOrEqual(60);
    }
  });

  it('gives a stopping pod longer than its preStop pause plus SHUTDOWN_TIMEOUT_MS before SIGKILL', () => {
    for (const dir of OVERLAYS) {
      const { api } = pods(rendered.get(dir)!);
      const container = api.spec.containers[0];
      const shutdownMs = Number(containerEnv(rendered.get(dir)!, container).SHUTDOWN_TIMEOUT_MS);
      expect(loadConfig({ SHUTDOWN_TIMEOUT_MS: String(shutdownMs) }).shutdownTimeoutMs).toBe(shutdownMs);
      const pauseS = container.lifecycle.preStop.sleep.seconds;
      expect(pauseS).toBeGreaterThanOrEqual(3);
      expect(api.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(pauseS * 1000 + shutdownMs);
      expect(find(rendered.get(dir)!, 'Deployment').spec.strategy).toEqual({
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      });
    }
  });

  it('runs every container as non-root on a read-only root filesystem, without privileges or a service account token; only /app/data is writable', () => {
    for (const dir of OVERLAYS) {
      const objects = rendered.get(dir)!;
      expect(find(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
      for (const [role, pod] of Object.entries(pods(objects))) {
        const where = `${dir} ${role}`;
        expect(pod.spec.automountServiceAccountToken, where).toBe(false);
        expect(pod.spec.securityContext, where).toEqual({
          runAsNonRoot: true,
          runAsUser: 1000,
          runAsGroup: 1000,
          fsGroup: 1000,
          seccompProfile: { type: 'RuntimeDefault' },
        });
        for (const container of allContainers(pod)) {
          expect(container.securityContext, `${where} ${container.name}`).toEqual({
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          });
          expect(container.resources.requests, `${where} ${container.name}`).toMatchObject({
            cpu: expect.any(String),
            memory: expect.any(String),
          });
          expect(container.resources.limits.memory, `${where} ${container.name}`).toMatch(/^\d+Mi$/);
          const volumes = new Map<string, K8sObject>(pod.spec.volumes.map((v: K8sObject) => [v.name, v]));
          for (const mount of container.volumeMounts) {
            const volume = volumes.get(mount.name)!;
            if (volume.secret)
              expect(mount, `${where} ${container.name}`).toEqual({ name: mount.name, mountPath: SECRET_MOUNT, readOnly: true });
            else
              expect({ path: mount.mountPath, emptyDir: volume.emptyDir }, `${where} ${container.name}`).toEqual({
                path: '/app/data',
                emptyDir: { sizeLimit: expect.stringMatching(/^\d+Mi$/) },
              });
          }
        }
      }
    }
  });

  it('passes secrets only as *_FILE files of the mounted Secret, and the configuration loads from them', () => {
    const secretFiles = mkdtempSync(join(tmpdir(), 'filamenta-secrets-'));
    dirs.push(secretFiles);
    const contents: Record<string, string> = {
      secret_key: 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=\n',
      database_url: 'postgresql://filamenta:pg%40secret@filamenta-db-rw:5432/filamenta\n',
      db_password: 'maria secret\n',
      smtp_password: 'smtp secret\n',
      metrics_token: 'a-metrics-token-of-32-characters!\n',
      db_read_replica_urls: 'postgresql://filamenta:pg%40secret@filamenta-db-ro:5432/filamenta\n',
    };
    for (const [key, value] of Object.entries(contents)) writeFileSync(join(secretFiles, key), value);

    for (const dir of OVERLAYS) {
      const objects = rendered.get(dir)!;
      const { api, migrate } = pods(objects);
      for (const pod of [api, migrate]) {
        const secretVolume = pod.spec.volumes.find((v: K8sObject) => v.secret);
        expect(secretVolume.secret).toEqual({ secretName: 'filamenta', defaultMode: 0o440 });
        for (const container of allContainers(pod)) {
          expect(container.env, `${dir} ${container.name}`).toBeUndefined();
          const env = containerEnv(objects, container);
          for (const [name, value] of Object.entries(env)) {
            if (!SECRET_NAMES.test(name)) continue;
            expect(name, `${dir}: ${name}`).toMatch(/_FILE$/);
            expect(value, `${dir}: ${name}`).toMatch(new RegExp(`^${SECRET_MOUNT}/[a-z_]+$`));
          }
          expect(env).toMatchObject({ SECRET_KEY_FILE: `${SECRET_MOUNT}/secret_key`, METRICS_TOKEN_FILE: `${SECRET_MOUNT}/metrics_token` });
          expect(env.SMTP_PASSWORD_FILE).toBe(`${SECRET_MOUNT}/smtp_password`);
          expect(
            Boolean(env.DATABASE_URL_FILE) !== Boolean(env.DB_PASSWORD_FILE),
            `${dir}: one of DATABASE_URL_FILE, DB_PASSWORD_FILE`,
          ).toBe(true);

          // The Secret's files, where the kubelet would mount them.
          const mounted = Object.fromEntries(
            Object.entries(env).map(([name, value]) => [
              name,
              value.startsWith(`${SECRET_MOUNT}/`) ? join(secretFiles, value.slice(SECRET_MOUNT.length + 1)) : value,
            ]),
          );
          const config = loadConfig({ ...mounted, HOST: '0.0.0.0', PORT: '3000' });
          expect(config).toMatchObject({ env: 'production', target: 'container', migrateOnStart: false, trustProxy: expect.anything() });
          expect(config.shutdownTimeoutMs).toBe(20_000);
          expect(config.mail.smtp).toMatchObject({ host: 'smtp.example.com', user: 'filamenta', password: 'smtp secret' });
          if (dir.includes('postgresql'))
            expect(config.db).toMatchObject({ type: 'postgresql', host: 'filamenta-db-rw', password: 'pg@secret', pool: { max: 8 } });
          else
            expect(config.db).toMatchObject({
              type: 'mariadb',
              host: 'mariadb',
              user: 'filamenta',
              password: 'maria secret',
              pool: { max: 8 },
            });
        }
      }
    }
    expect(
      containerEnv(
        rendered.get('overlays/postgresql-read-replicas')!,
        pods(rendered.get('overlays/postgresql-read-replicas')!).api.spec.containers[0],
      ),
    ).toMatchObject({
      DB_READ_REPLICA_URLS_FILE: `${SECRET_MOUNT}/db_read_replica_urls`,
    });
  });

  it('migrates once, in the Job (migrate, then seed), with the pods waiting on /health/ready and never migrating themselves', () => {
    for (const dir of OVERLAYS) {
      const objects = rendered.get(dir)!;
      const job = find(objects, 'Job', 'filamenta-migrate');
      const { api, migrate } = pods(objects);
      const image = api.spec.containers[0].image;
      expect(image).toBe('registry.example.com/filamenta:0.1.0');

      expect(job.spec).toMatchObject({ parallelism: 1, completions: 1, podReplacementPolicy: 'Failed' });
      expect(migrate.spec.restartPolicy).toBe('Never');
      expect(migrate.spec.initContainers.map((c: K8sObject) => [c.name, c.image, c.command])).toEqual([
        ['migrate', image, ['node', 'scripts/migrate.ts', 'up']],
      ]);
      expect(migrate.spec.containers.map((c: K8sObject) => [c.name, c.image, c.command])).toEqual([
        ['seed', image, ['node', 'scripts/schema.ts', 'seed']],
      ]);
      // Configuration and retries: a bad configuration (78) or a failed migration (1) stops the Job at once.
      const failJob = job.spec.podFailurePolicy.rules.find((r: K8sObject) => r.action === 'FailJob');
      expect(failJob.onExitCodes).toEqual({ operator: 'In', values: [1, 2, 78] });

      for (const container of allContainers(migrate)) expect(containerEnv(objects, container).MIGRATE_ON_START).toBe('false');
      const apiEnv = containerEnv(objects, api.spec.containers[0]);
      expect(apiEnv.MIGRATE_ON_START).toBe('false');
      expect(containerEnv(objects, migrate.spec.initContainers[0])).toEqual(apiEnv);
    }
    // The image holds what the Job runs: the scripts and the sources they import.
    const dockerfile = readFileSync(join(APP_ROOT, 'Dockerfile'), 'utf8');
    const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    for (const path of ['scripts', 'src']) expect(finalStage).toMatch(new RegExp(`^COPY --from=build /app/${path} ./${path}$`, 'm'));
    for (const script of ['scripts/migrate.ts', 'scripts/schema.ts']) expect(existsSync(join(APP_ROOT, script)), script).toBe(true);
  });

  it('points the Service, Ingress, HPA and PDB at the API pods, and leaves the replica count to the HPA', () => {
    for (const dir of OVERLAYS) {
      const objects = rendered.get(dir)!;
      const deployment = find(objects, 'Deployment', 'filamenta');
      const podLabels = deployment.spec.template.metadata.labels;
      expect(deployment.spec.replicas).toBeUndefined();
      expect(deployment.spec.selector.matchLabels).toEqual(podLabels);

      const service = find(objects, 'Service', 'filamenta');
      expect(podLabels).toMatchObject(service.spec.selector);
      expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }]);
      const backend = find(objects, 'Ingress').spec.rules[0].http.paths[0].backend.service;
      expect(backend).toEqual({ name: service.metadata.name, port: { name: 'http' } });

      const hpa = find(objects, 'HorizontalPodAutoscaler');
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      const pdb = find(objects, 'PodDisruptionBudget');
      expect(pdb.spec.selector.matchLabels).toEqual(podLabels);
      expect(pdb.spec.maxUnavailable).toBeLessThan(hpa.spec.minReplicas);
      // The Job's pods are not API pods: no Service or PDB counts them.
      expect(pods(objects).migrate.metadata.labels).not.toMatchObject(service.spec.selector);
    }
  });

  it('keeps database connections under the server limit at the HPA maximum, one process per pod', () => {
    for (const dir of OVERLAYS) {
      const objects = rendered.get(dir)!;
      const env = containerEnv(objects, pods(objects).api.spec.containers[0]);
      expect(env.WEB_CONCURRENCY).toBe('1');
      expect(env.METRICS_ENABLED).toBe('true');
      const poolMax = Number(env.DB_POOL_MAX);
      const hpa = find(objects, 'HorizontalPodAutoscaler');
      const surge = find(objects, 'Deployment').spec.strategy.rollingUpdate.maxSurge;
      // Every API pod at the maximum, the rollout's extra pod, and the migration Job.
      expect((hpa.spec.maxReplicas + surge + 1) * poolMax).toBeLessThanOrEqual(DB_CONNECTION_LIMIT);
    }
  });
});

/**
 * The rendered Deployment and Job run in the real image (built with buildah, as in container.test.ts)
 * against a real database, the way a kubelet would start them: the manifests' commands, the
 * ConfigMap's environment and the Secret as files (root:1000, mode 0440, as fsGroup leaves them).
 * The emptyDir at /app/data is the image's own VOLUME there, which buildah run gives each run empty
 * and writable (with a second --volume beside the Secret's, buildah 1.28 leaves that VOLUME over
 * it on some runs and not others). The container shares the host's network, so PORT is a free port
 * instead of 3000, and the database variables point at the test's database, as your overlay would.
 */
const IMAGE = 'localhost/filamenta:kubernetes-test';
const NODE_GID = 1000;
const imageProblem = await buildahProblem();
if (imageProblem && !databasesRequired()) console.warn(`\n*** SKIPPED the Kubernetes manifests in the image: ${imageProblem}. ***\n`);
const describeImage = imageProblem && !databasesRequired() ? describe.skip : describe;

describeImage('deploy/kubernetes in the real image', () => {
  const overlays = { postgresql: 'overlays/postgresql', mariadb: 'overlays/mariadb' } as const;
  const containers: WorkingContainer[] = [];
  const running: ContainerProcess[] = [];

  beforeAll(async () => {
    if (imageProblem) throw new Error(imageProblem);
    const build = await buildImage(IMAGE);
    console.info(`image ${IMAGE}: built in ${(build.ms / 1000).toFixed(1)} s`);
    expect(Object.keys((await inspectImage(IMAGE)).config.Volumes ?? {})).toEqual(['/app/data']);
  }, 600_000);
  afterEach(() => {
    for (const proc of running.splice(0)) proc.kill();
  });
  afterAll(async () => {
    await Promise.all(containers.splice(0).map((c) => c.remove()));
  });

  /** A fresh container of the image (a new pod), as the image's user. */
  async function pod(): Promise<WorkingContainer> {
    const c = await WorkingContainer.from(IMAGE, 'node');
    containers.push(c);
    return c;
  }

  /** A folder of Secret files as the kubelet writes them with fsGroup 1000 and mode 0440. */
  function secretVolume(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'filamenta-secret-'));
    dirs.push(dir);
    chmodSync(dir, 0o755);
    for (const [key, value] of Object.entries(files)) {
      writeFileSync(join(dir, key), value, { mode: 0o440 });
      chownSync(join(dir, key), 0, NODE_GID);
    }
    return dir;
  }

  /** The `-v` mount of a container of the manifests: the Secret, read-only; its one other mount is /app/data. */
  function mounts(container: K8sObject, secret: string): string[] {
    const others = container.volumeMounts.filter((m: K8sObject) => m.mountPath !== SECRET_MOUNT).map((m: K8sObject) => m.mountPath);
    expect(
      others.every((path: string) => path === '/app/data'),
      others.join(),
    ).toBe(true);
    return [`${secret}:${SECRET_MOUNT}:ro`];
  }

  async function runToEnd(c: WorkingContainer, container: K8sObject, env: Record<string, string>, volume: string[]) {
    const proc = c.start(container.command, { env, volume });
    running.push(proc);
    const exit = await proc.waitForExit(90_000);
    return { ...exit, stdout: proc.stdout, stderr: proc.stderr };
  }

  for (const type of ['postgresql', 'mariadb'] as const) {
    it(`${overlays[type]}: the pod waits unready until the Job has migrated and seeded, then serves; nothing is written outside the mounts; SIGTERM ends it with 0`, async () => {
      const problem = await serverProblem(type);
      if (problem) throw new Error(problem);
      const db = await provisionDatabase(type);
      try {
        const objects = rendered.get(overlays[type])!;
        const { api, migrate } = pods(objects);
        const server = api.spec.containers[0];
        const url = `${type}://${encodeURIComponent(db.env.DB_USER)}:${encodeURIComponent(db.env.DB_PASSWORD)}@${db.env.DB_HOST}:${db.env.DB_PORT}/${db.env.DB_NAME}`;
        const files = {
          secret_key: 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=\n',
          metrics_token: 'a-metrics-token-of-32-characters!\n',
          smtp_password: 'smtp secret\n',
          ...(type === 'postgresql' ? { database_url: `${url}\n` } : { db_password: `${db.env.DB_PASSWORD}\n` }),
        };
        const secret = secretVolume(files);
        // Your overlay names your database; here, the test's.
        const database: Record<string, string> =
          type === 'mariadb' ? { DB_HOST: db.env.DB_HOST, DB_PORT: db.env.DB_PORT, DB_USER: db.env.DB_USER, DB_NAME: db.env.DB_NAME } : {};
        const port = await freePort();
        const apiEnv = { ...containerEnv(objects, server), ...database, PORT: String(port) };

        const apiPod = await pod();
        const apiMounts = mounts(server, secret);
        // buildah creates its mount points on the first run; the snapshot is taken after that.
        expect((await apiPod.exec(['true'], { volume: apiMounts })).code).toBe(0);
        const before = await apiPod.snapshot();
        const proc = apiPod.start(server.command, { env: apiEnv, volume: apiMounts });
        running.push(proc);
        const base = `http://127.0.0.1:${port}`;
        const answers = (path: string, status: number) =>
          pollUntil(
            async () => {
              const res = await httpRequest(`${base}${path}`).catch(() => undefined);
              return res?.status === status ? res : undefined;
            },
            {
              timeoutMs: 30_000,
              intervalMs: 100,
              what: `${path} to answer ${status}`,
              stopIf: () => (proc.exited ? proc.describe() : undefined),
            },
          );

        // Live at once (startup and liveness probes), not ready: the migrations are the Job's.
        await answers(server.startupProbe.httpGet.path, 200);
        const waiting = await answers(server.readinessProbe.httpGet.path, 503);
        expect(JSON.parse(waiting.body)).toMatchObject({
          status: 'unavailable',
          reason: expect.stringMatching(/^\d+ migration\(s\) pending$/),
        });

        // The Job's pod: migrate, then seed, each run to its end.
        const jobPod = await pod();
        const jobEnv = { ...containerEnv(objects, migrate.spec.initContainers[0]), ...database };
        const [migrateStep, seedStep] = allContainers(migrate);
        const migrated = await runToEnd(jobPod, migrateStep, jobEnv, mounts(migrateStep, secret));
        expect(migrated.code, migrated.stderr).toBe(0);
        expect(migrated.stdout).toMatch(/^Ran \d+ migration\(s\): /m);
        const seeded = await runToEnd(jobPod, seedStep, jobEnv, mounts(seedStep, secret));
        expect(seeded.code, seeded.stderr).toBe(0);
        expect(seeded.stdout).toMatch(/^Seeded [1-9]\d* setting\(s\)$/m);

        // The same pod turns ready without a restart; the liveness path still answers.
        const ready = await answers(server.readinessProbe.httpGet.path, 200);
        expect(JSON.parse(ready.body)).toMatchObject({ status: 'ready', database: { type }, migrations: { pending: 0 } });
        expect((await httpRequest(`${base}${server.livenessProbe.httpGet.path}`)).status).toBe(200);

        // The Job again (the next upgrade with nothing new): nothing to do, exit 0.
        const again = await runToEnd(jobPod, migrateStep, jobEnv, mounts(migrateStep, secret));
        expect([again.code, afterDatabaseLine(again.stdout).trim()]).toEqual([0, 'No pending migrations']);
        // A Secret without a key a variable names: exit 78, one of the codes that fail the Job at once.
        const { smtp_password: _left, ...incomplete } = files;
        const broken = await runToEnd(jobPod, migrateStep, jobEnv, mounts(migrateStep, secretVolume(incomplete)));
        expect(broken.code).toBe(EXIT_CODES.config);
        expect(broken.stderr).toMatch(/SMTP_PASSWORD_FILE: cannot read "\/run\/secrets\/filamenta\/smtp_password": ENOENT/);
        expect(find(objects, 'Job').spec.podFailurePolicy.rules[0]).toMatchObject({
          action: 'FailJob',
          onExitCodes: { values: expect.arrayContaining([78]) },
        });

        proc.signal('SIGTERM');
        const exit = await proc.waitForExit(api.spec.terminationGracePeriodSeconds * 1000);
        expect(exit.code, proc.describe()).toBe(0);
        // readOnlyRootFilesystem: nothing was written outside the mounts.
        expect(rootfsChanges(before, await apiPod.snapshot())).toEqual([]);
      } finally {
        await db.drop();
      }
    }, 240_000);
  }
});
