/**
 * `npm run db:migration:create` runs on copies of the app, so that it cannot write into the
 * repository whatever it does. It reads no database and no configuration; what it writes runs on
 * every real database after the checked-in migrations.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { migrationNames } from '#src/db/migrations/index.ts';
import { APP_ROOT, type ChildResult, runNode } from '#test/support/child.ts';
import { provisionDatabase } from '#test/support/databases.ts';
import { withDirect } from '#test/support/direct-db.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { afterDatabaseLine } from '#test/support/script-output.ts';

const FAMILIES = ['mysql', 'postgresql', 'sqlite'];
/** Configuration no command that reads it would accept, and a database no one answers on. */
const UNUSABLE = { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/nowhere', DB_POOL_MAX: 'many' };

const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function copyApp(): string {
  const copy = mkdtempSync(join(tmpdir(), 'filamenta-app-'));
  copies.push(copy);
  for (const part of ['src', 'scripts', 'package.json']) cpSync(join(APP_ROOT, part), join(copy, part), { recursive: true });
  symlinkSync(join(APP_ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

const folder = (copy: string, family: string) => join(copy, 'src/db/migrations', family);
const listing = (copy: string) => Object.fromEntries(FAMILIES.map((f) => [f, readdirSync(folder(copy, f)).sort()]));
const create = (copy: string, args: string[]) => runNode(['scripts/migrate.ts', 'create', ...args], UNUSABLE, { cwd: copy });

function changeEntity(copy: string, file: string, from: string, to: string): void {
  const path = join(copy, 'src/db/entities', file);
  const source = readFileSync(path, 'utf8');
  if (!source.includes(from)) throw new Error(`${file} no longer contains ${from}`);
  writeFileSync(path, source.replace(from, to));
}

/** A copy whose settings gained a `note` column, and what the generator said about it (made once). */
let generated: Promise<{ copy: string; before: Record<string, string[]>; result: ChildResult }> | undefined;
const withNote = () =>
  (generated ??= (async () => {
    const copy = copyApp();
    const before = listing(copy);
    changeEntity(copy, 'setting.entity.ts', 'properties: {', 'properties: {\n    note: p.string().length(50).nullable(),');
    return { copy, before, result: await create(copy, ['add_note']) };
  })());

describe('db:migration:create', () => {
  it('writes nothing while the entities match every snapshot, reading neither the configuration nor a database', async () => {
    const copy = copyApp();
    const before = listing(copy);
    const r = await create(copy, ['nothing']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("No changes: the entities match every family's snapshot\n");
    expect(listing(copy)).toEqual(before);
  });

  it('writes one migration per family under one name, moves the snapshots on and lists it; a second run writes nothing', async () => {
    const { copy, before, result } = await withNote();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const added = Object.fromEntries(FAMILIES.map((f) => [f, readdirSync(folder(copy, f)).filter((n) => !before[f].includes(n))]));
    const [file] = added.mysql;
    expect(file).toMatch(/^Migration\d{14}_add_note\.ts$/);
    expect(added).toEqual({ mysql: [file], postgresql: [file], sqlite: [file] });
    expect(result.stdout).toBe(['sqlite', 'mysql', 'postgresql'].map((f) => `Wrote ${join(folder(copy, f), file)}\n`).join(''));
    const name = file.replace(/\.ts$/, '');
    for (const family of FAMILIES) {
      expect(readFileSync(join(folder(copy, family), file), 'utf8')).toMatch(
        /alter table \\?[`"]settings\\?[`"] add (column )?\\?[`"]note\\?[`"] /,
      );
      expect(readFileSync(join(folder(copy, family), 'index.ts'), 'utf8')).toContain(
        `{ name: '${name}', class: (await import('./${file}')).${name} },`,
      );
      expect(JSON.parse(readFileSync(join(folder(copy, family), 'snapshot.json'), 'utf8')).tables).toContainEqual(
        expect.objectContaining({
          name: 'settings',
          columns: expect.objectContaining({ note: expect.objectContaining({ nullable: true }) }),
        }),
      );
    }
    const again = await create(copy, ['add_note_again']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("No changes: the entities match every family's snapshot\n");
  });

  it('refuses a change MySQL and MariaDB would write differently (they share one history), writing nothing', async () => {
    const copy = copyApp();
    const before = listing(copy);
    changeEntity(copy, 'content.entity.ts', 'indexes: [', "indexes: [{ properties: ['createdAt', 'id'], invisible: true }, ");
    const r = await create(copy, ['hidden_index']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^MySQL and MariaDB need different SQL for this change, and they share one history \(src\/db\/migrations\/mysql\):\n/,
    );
    expect(r.stderr).toContain(' invisible;');
    expect(r.stderr).toContain(' ignored;');
    expect(listing(copy)).toEqual(before);
  });

  it.each([[[]], [['two', 'names']], [['9lives']], [['add-tags']]])('refuses %j as a name with exit 2, writing nothing', async (args) => {
    const copy = copyApp();
    const before = listing(copy);
    const r = await create(copy, args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      args.length === 1 ? /is not a migration name: a letter, then letters, digits or _/ : /^A migration needs one name: /,
    );
    expect(listing(copy)).toEqual(before);
  });
});

describeEachDatabase('a generated migration', (type) => {
  it.each(type === 'mariadb' ? ['mariadb', 'mysql'] : [type])('runs after the checked-in ones as DB_TYPE=%s', async (dbType) => {
    const { copy, result } = await withNote();
    expect(result.code).toBe(0);
    const db = await provisionDatabase(type);
    try {
      const r = await runNode(['scripts/migrate.ts', 'up'], { ...db.env, DB_TYPE: dbType }, { cwd: copy });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const added = readdirSync(folder(copy, 'mysql'))
        .find((f) => f.endsWith('_add_note.ts'))!
        .replace(/\.ts$/, '');
      const names = [...migrationNames(type), added];
      expect(afterDatabaseLine(r.stdout)).toBe(`Ran ${names.length} migration(s): ${names.join(', ')}\n`);
      const rows = await withDirect(db, async (d) => {
        await d.query(`insert into settings (${d.quote('key')}, updated_at, note) values ('k', ?, 'a note')`, ['2030-01-01 00:00:00']);
        return d.query(`select ${d.quote('key')} as k, note from settings`);
      });
      expect(rows).toEqual([{ k: 'k', note: 'a note' }]);
    } finally {
      await db.drop();
    }
  });
});
