/**
 * The replication harnesses (test/support/postgres-replica.ts, mariadb-replica.ts) do what the
 * replica tests of the app will rely on: a row written on the primary is read on the replica, the
 * replica refuses writes, lag shows while replication is paused, a stopped replica leaves the
 * primary working and catches up once started again, and teardown (orderly, or by the watchdog
 * when the test process dies) leaves no process and no folder.
 */
import { existsSync } from 'node:fs';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { runNode } from '../support/child.ts';
import { mariadbReplicationProblem } from '../support/mariadb-replica.ts';
import { describeNeeding } from '../support/needs.ts';
import { processesMentioning } from '../support/owned-servers.ts';
import { postgresReplicationProblem } from '../support/postgres-replica.ts';
import { pollUntil } from '../support/process.ts';
import { type ReplicatedDatabase, type ReplicatedType, startReplication } from '../support/replication.ts';

const PROBLEMS: Record<ReplicatedType, string | undefined> = {
  postgresql: postgresReplicationProblem(),
  mariadb: mariadbReplicationProblem(),
};
/** Placeholders differ: $1 for PostgreSQL, ? for MariaDB. */
const placeholder = (type: ReplicatedType, n: number) => (type === 'postgresql' ? `$${n}` : '?');

for (const type of ['postgresql', 'mariadb'] as const) {
  describeNeeding(PROBLEMS[type], `${type} replication`)(`${type} primary + replica harness`, () => {
    let db: ReplicatedDatabase;
    const $ = (n: number) => placeholder(type, n);

    beforeAll(async () => {
      if (PROBLEMS[type]) throw new Error(PROBLEMS[type]);
      db = await startReplication(type);
      await db.query('primary', 'create table notes (id int primary key, body varchar(100) not null)');
    });

    afterAll(async () => {
      await db?.stop();
    });

    it('a row written on the primary is read on the replica once it has caught up', async () => {
      await db.query('primary', `insert into notes (id, body) values (${$(1)}, ${$(2)})`, [1, 'written on the primary']);
      await db.waitForCatchUp();
      expect(await db.query('replica', 'select id, body from notes order by id')).toEqual([{ id: 1, body: 'written on the primary' }]);
      expect(await db.lag()).toMatchObject({ caughtUp: true, seconds: 0 });
    });

    it('the replica refuses writes, even from the app user that may write on the primary', async () => {
      await expect(db.query('replica', `insert into notes (id, body) values (${$(1)}, ${$(2)})`, [2, 'x'])).rejects.toThrow(
        /read-only|read only/i,
      );
    });

    it('shows lag while replication is paused and catches up once resumed', async () => {
      await db.pauseReplication();
      await db.query('primary', `insert into notes (id, body) values (${$(1)}, ${$(2)})`, [3, 'while paused']);
      const lag = await db.lag();
      expect(lag.caughtUp).toBe(false);
      if (type === 'postgresql') expect(lag.bytes).toBeGreaterThan(0);
      expect(await db.query('replica', 'select id from notes where id = 3')).toEqual([]);
      await db.resumeReplication();
      await db.waitForCatchUp();
      expect(await db.query('replica', 'select body from notes where id = 3')).toEqual([{ body: 'while paused' }]);
      expect((await db.lag()).caughtUp).toBe(true);
    });

    it('a stopped replica refuses connections while the primary keeps working; restarted, it catches up', async () => {
      await db.stopReplica({ crash: true });
      expect(db.replicaRunning()).toBe(false);
      await expect(db.query('replica', 'select 1')).rejects.toThrow(/ECONNREFUSED|connect/);
      await db.query('primary', `insert into notes (id, body) values (${$(1)}, ${$(2)})`, [4, 'while the replica was down']);
      expect(await db.query('primary', 'select count(*) as n from notes')).toEqual([{ n: type === 'postgresql' ? '3' : 3 }]);
      await db.startReplica();
      expect(db.replicaRunning()).toBe(true);
      await db.waitForCatchUp();
      expect(await db.query('replica', 'select body from notes where id = 4')).toEqual([{ body: 'while the replica was down' }]);
    });

    it('gives Filamenta DB_* variables and URLs for the primary and the replica', () => {
      expect(db.appEnv()).toEqual({
        DB_TYPE: type,
        DB_HOST: '127.0.0.1',
        DB_PORT: String(db.ports.primary),
        DB_USER: 'filamenta',
        DB_PASSWORD: db.password,
        DB_NAME: 'filamenta',
      });
      expect(new URL(db.url('replica')).port).toBe(String(db.ports.replica));
      expect(db.ports.primary).not.toBe(db.ports.replica);
      expect([5432, 3306]).not.toContain(db.ports.primary);
    });

    it('teardown leaves no process and no folder', async () => {
      const folder = db.folder;
      expect(processesMentioning(folder).length).toBeGreaterThan(0);
      await db.stop();
      expect(processesMentioning(folder)).toEqual([]);
      expect(existsSync(folder)).toBe(false);
    });
  });
}

const bothProblems = PROBLEMS.postgresql ?? PROBLEMS.mariadb;
describeNeeding(bothProblems, 'replication watchdog')('replication harness watchdog', () => {
  /** A separate Node process starts the harness, prints its folder, then SIGKILLs itself. */
  async function startAndDie(type: ReplicatedType): Promise<string> {
    const script = `
      const { startReplication } = await import('./test/support/replication.ts');
      const db = await startReplication(${JSON.stringify(type)});
      console.log(db.folder);
      process.kill(process.pid, 'SIGKILL');`;
    const child = await runNode(['--input-type=module', '-e', script], {}, { timeoutMs: 40_000 });
    const folder = child.stdout.trim();
    expect(folder, child.stderr).toMatch(/filamenta-(pg|mariadb)-/);
    return folder;
  }

  it('stops both servers and removes the folder when the test process dies without tearing down', async () => {
    if (bothProblems) throw new Error(bothProblems);
    const folders = await Promise.all([startAndDie('postgresql'), startAndDie('mariadb')]);
    for (const folder of folders) {
      await pollUntil(() => (processesMentioning(folder).length === 0 && !existsSync(folder) ? true : undefined), {
        timeoutMs: 15_000,
        intervalMs: 100,
        what: `the watchdog to stop the servers and remove ${folder}`,
      });
    }
    expect(folders.flatMap((folder) => processesMentioning(folder))).toEqual([]);
  });
});
