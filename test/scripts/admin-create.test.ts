/** npm run admin:create as a child process, on every database. */
import { expect, it } from 'vitest';

import { AuditEvent, User } from '#src/db/entities/index.ts';
import { createPasswordHasher } from '#src/modules/auth/password.ts';
import { useTestApp } from '#test/support/app.ts';
import { runNode } from '#test/support/child.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

describeEachDatabase('admin:create', (type) => {
  const t = useTestApp(type);
  const run = (...args: string[]) => runNode(['scripts/admin-create.ts', ...args], t.db.env);

  it('creates an administrator from flags, hashed with the production parameters, and audits it', async () => {
    const result = await run('--username', 'Ada', '--email', 'ada@example.com', '--password', 'correct horse battery');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [database, ...rest] = result.stdout.split('\n');
    expect(database).toMatch(new RegExp(`^Database: ${type}:.* \\(DB_TYPE, .* from the environment.*\\)$`));
    expect(rest.join('\n')).toMatch(/^Created administrator ada <ada@example.com> \(id \d+\)\n$/);
    const em = t.orm.fork();
    const user = await em.findOneOrFail(User, { username: 'ada' });
    expect(user.role).toBe('admin');
    expect(user.passwordHash).toMatch(/^scrypt\$15\$8\$3\$/);
    expect(await createPasswordHasher().verify('correct horse battery', user.passwordHash)).toBe(true);
    expect(await em.count(AuditEvent, { action: 'user.created', targetId: String(user.id) })).toBe(1);
  });

  it('refuses a weak password with exit 2 and creates nothing', async () => {
    const result = await run('--username', 'weak', '--email', 'weak@example.com', '--password', 'short');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('--password: Password must be at least 8 characters\n');
    expect(await t.orm.fork().count(User, { username: 'weak' })).toBe(0);
  });

  it('without a terminal, a missing flag is an error (exit 2), not a prompt', async () => {
    const result = await run('--username', 'nopass', '--email', 'nopass@example.com');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--password is required \(stdin is not a terminal/);
  });

  it('a taken username exits 1 with one line', async () => {
    const result = await run('--username', 'ADA', '--email', 'other@example.com', '--password', 'correct horse battery');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('This username is already taken\n');
  });
});
