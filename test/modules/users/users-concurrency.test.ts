/**
 * Parallel account creation (nothing lost, nothing doubled, duplicates 409, never 500) and two
 * administrators removing each other at the same moment (one always stays).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';

import { AuditEvent, User } from '#src/db/entities/index.ts';
import { createPasswordHasher } from '#src/modules/auth/password.ts';
import { createUser } from '#src/modules/users/users.service.ts';
import { PASSWORD, type Session } from '#test/support/auth.ts';
import { buildContentApp, type ContentTestApp } from '#test/support/content.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

const SINGLES = 20;
/** Requests that collide inside their group only: exact copies, a shared username, a shared email, a mix. */
const GROUPS: [string, string][][] = [
  [
    ['dup1', 'dup1@example.org'],
    ['dup1', 'dup1@example.org'],
    ['dup1', 'dup1@example.org'],
  ],
  [
    ['dup2', 'dup2@example.org'],
    ['dup2', 'other2@example.org'],
  ],
  [
    ['dup3', 'dup3@example.org'],
    ['alt3', 'dup3@example.org'],
  ],
  [
    ['dup4', 'dup4@example.org'],
    ['dup4', 'x4@example.org'],
    ['yy4', 'dup4@example.org'],
  ],
];

describeEachDatabase('users concurrency', (type) => {
  let t: ContentTestApp;
  beforeEach(async () => {
    t = await buildContentApp(type);
  });
  afterEach(() => t?.close());

  it('30 parallel POST /users with duplicates: each account once, duplicates 409, no 500, one audit row per account', async () => {
    const singles: [string, string][] = Array.from({ length: SINGLES }, (_, i) => [`single${i}`, `single${i}@example.org`]);
    const requests = [...singles, ...GROUPS.flat()];
    expect(requests).toHaveLength(30);
    const before = await t.orm.fork().count(User, {});
    const responses = await Promise.all(
      requests.map(([username, email]) => t.send('POST', '/api/v1/users', t.admin_.accessToken, { username, email, password: PASSWORD })),
    );
    const statuses = responses.map((r) => r.status);
    expect(
      statuses.filter((s) => s !== 201 && s !== 409),
      'only 201 and 409',
    ).toEqual([]);
    expect(statuses.slice(0, SINGLES)).toEqual(Array(SINGLES).fill(201));
    let offset = SINGLES;
    for (const [index, group] of GROUPS.entries()) {
      const wins = statuses.slice(offset, offset + group.length).filter((s) => s === 201).length;
      // The mixed group can have two winners: (dup4, x4@) and (y4, dup4@) do not collide with each other.
      expect(index === 3 ? [1, 2] : [1], `group ${index + 1}`).toContain(wins);
      offset += group.length;
    }
    const created = await Promise.all(responses.filter((r) => r.status === 201).map(json));
    const em = t.orm.fork();
    const rows = await em.find(User, { id: { $in: created.map((u) => u.id) } });
    expect(rows).toHaveLength(created.length);
    expect(await em.count(User, {})).toBe(before + created.length);
    // Every 409 lost to an account that now holds its username or email.
    const usernames = new Set(rows.map((r) => r.username));
    const emails = new Set(rows.map((r) => r.email));
    requests.forEach(([username, email], i) => {
      if (statuses[i] === 409) expect(usernames.has(username) || emails.has(email), `${username} ${email}`).toBe(true);
      else expect(usernames.has(username) && emails.has(email)).toBe(true);
    });
    // Root's own user.created (from setup) names root as its actor too.
    const events = await em.find(AuditEvent, {
      action: 'user.created',
      actor: t.admin_.user.id,
      targetId: { $ne: String(t.admin_.user.id) },
    });
    expect(events.map((e) => e.targetId).sort()).toEqual(created.map((u) => String(u.id)).sort());
  });

  const hasher = createPasswordHasher({ params: { log2N: 10, r: 8, p: 1 } });
  const secondAdmin = async (name: string): Promise<Session> => {
    await createUser(
      t.orm.fork(),
      { username: name, email: `${name}@example.com`, password: PASSWORD, role: 'admin' },
      { hasher, now: t.now() },
    );
    return json(await t.login(name));
  };
  const activeAdmins = () => t.orm.fork().find(User, { role: 'admin', active: true, deletedAt: null });

  const attacks: [string, (id: number, token: string) => Promise<Response>][] = [
    ['demote', (id, token) => t.send('PATCH', `/api/v1/users/${id}`, token, { role: 'member' })],
    ['deactivate', (id, token) => t.send('PATCH', `/api/v1/users/${id}`, token, { active: false })],
    ['soft-delete', (id, token) => t.send('DELETE', `/api/v1/users/${id}`, token)],
    ['hard-delete', (id, token) => t.send('DELETE', `/api/v1/users/${id}?hard=true`, token)],
  ];

  for (const [name, attack] of attacks) {
    it(`two admins who ${name} each other in parallel: one wins, the other gets 409, 403 or 401, an admin always remains`, async () => {
      let keeper: Session = t.admin_;
      for (let round = 0; round < 4; round++) {
        const other = await secondAdmin(`admin${round}`);
        const [a, b] = await Promise.all([attack(other.user.id, keeper.accessToken), attack(keeper.user.id, other.accessToken)]);
        const statuses = [a.status, b.status];
        expect(
          statuses.filter((s) => s === 200 || s === 204),
          `round ${round}: ${statuses}`,
        ).toHaveLength(1);
        expect([401, 403, 409], `round ${round}: ${statuses}`).toContain(statuses.find((s) => s !== 200 && s !== 204));
        const admins = await activeAdmins();
        expect(admins.map((u) => u.id)).toEqual([a.status < 300 ? keeper.user.id : other.user.id]);
        if (a.status >= 300) keeper = other;
      }
      expect(await t.orm.fork().count(AuditEvent, { action: name.endsWith('delete') ? 'user.deleted' : 'user.updated' })).toBe(4);
    });
  }
});
