/**
 * Suite `replicas`: public reads through a read replica beside the same reads on the primary. It
 * makes its own PostgreSQL or MariaDB primary with a streaming replica on free ports (the test
 * harness, test/support/replication.ts: initdb + pg_basebackup, or mariadb-install-db + binlog
 * replication), migrates and seeds the primary, waits for the replica to catch up, then runs two
 * bundles on the pair: one with DB_READ_REPLICA_URLS (the "app" column) and one without it (the
 * "bare" column here: the same app reading the primary). Both database servers and both apps share
 * the machine's cores with wrk, so this shows what routing a read to a replica costs, not the
 * capacity a replica on its own machine adds. SQLite has no replicas: skipped with a note.
 */
import { mariadbReplicationProblem } from '../../test/support/mariadb-replica.ts';
import { postgresReplicationProblem } from '../../test/support/postgres-replica.ts';
import { startReplication } from '../../test/support/replication.ts';
import { seedBench } from '../seed.ts';
import { compare, type Load, loadRows, type Measured, type Suite, type SuiteContext } from '../suite.ts';
import { APP_ENV, migrate } from '../variants.ts';

const ROWS = 10_000;

const LOADS: readonly Load[] = [
  { label: 'GET /api/v1/content/{slug}, random slug', path: '/api/v1/content/bench-item-{r}', request: { range: [1, ROWS] } },
  {
    label: 'GET /api/v1/content?page=1..90, random page with total',
    path: '/api/v1/content?page={r}&perPage=20',
    request: { range: [1, 90] },
  },
];

async function run(context: SuiteContext) {
  const { type } = context;
  if (type === 'sqlite') return { rows: [], raw: null, notes: ['[sqlite] replicas: skipped, SQLite has no read replicas'] };
  const problem = type === 'postgresql' ? postgresReplicationProblem() : mariadbReplicationProblem();
  if (problem) return { rows: [], raw: null, notes: [`[${type}] replicas: skipped: ${problem}`] };

  console.log(`[${type}] replicas: starting a primary and a replica on free ports`);
  const pair = await startReplication(type);
  try {
    const primaryEnv = { DATABASE_URL: pair.url('primary') };
    migrate({ ...context.db, appEnv: primaryEnv });
    await seedBench({ ...APP_ENV, ...primaryEnv }, ROWS);
    await pair.waitForCatchUp(60_000);
    const primaryOnly = await context.start('bundle', { env: primaryEnv, label: 'primary only' });
    const viaReplica = await context.start('bundle', {
      env: { ...primaryEnv, DB_READ_REPLICA_URLS: pair.url('replica') },
      label: 'read replica',
    });
    const ready = (await (await fetch(`${viaReplica.url}/health/ready`)).json()) as { database: { replicas?: { ok: boolean }[] } };
    if (!ready.database.replicas?.[0]?.ok) throw new Error(`the app does not see its replica: ${JSON.stringify(ready.database)}`);

    const raw: Record<string, { app: Measured; bare: Measured }> = {};
    const rows = [];
    for (const load of LOADS) {
      const r = await compare(context, { app: viaReplica, bare: primaryOnly }, load);
      raw[load.label] = r;
      rows.push(...loadRows(type, `${load.label}, replica (vs primary)`, r));
    }
    const notes = [
      `[${type}] replicas: "app" reads through a streaming replica (DB_READ_REPLICA_URLS), "bare" is the same bundle reading the ` +
        'primary; both database servers, both apps and wrk share the cores, so the ratio is the cost of routing, not added capacity',
    ];
    return { rows, raw, notes };
  } finally {
    await pair.stop();
  }
}

export const replicasSuite: Suite = { name: 'replicas', run };
