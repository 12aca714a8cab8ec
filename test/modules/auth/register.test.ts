/** Self-registration through POST /api/v1/auth/register, behind its setting. */
import { afterEach, beforeEach, expect, it } from 'vitest';

import { Setting, User } from '#src/db/entities/index.ts';
import { type AuthTestApp, buildAuthApp, PASSWORD } from '#test/support/auth.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

const account = (username: string) => ({ username, email: `${username}@example.com`, password: PASSWORD });

describeEachDatabase('registration', (type) => {
  let t: AuthTestApp;
  beforeEach(async () => {
    t = await buildAuthApp(type);
  });
  afterEach(() => t?.close());

  const setRegistration = async (value: unknown) => {
    const em = t.orm.fork();
    const setting = await em.findOneOrFail(Setting, { key: 'registration_enabled' });
    setting.value = value;
    await em.flush();
  };

  it('POST /api/v1/auth/register is 403 while registration_enabled is false (the seeded default)', async () => {
    const res = await t.post('/api/v1/auth/register', account('mia'));
    expect(res.status).toBe(403);
    expect(await t.orm.fork().count(User, {})).toBe(0);
  });

  it('registers a member once registration is enabled; a truthy string does not count as on', async () => {
    await setRegistration('true');
    expect((await t.post('/api/v1/auth/register', account('mia'))).status).toBe(403);
    await setRegistration(true);
    const res = await t.post('/api/v1/auth/register', account('mia'));
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ username: 'mia', role: 'member' });
    expect((await t.login('mia')).status).toBe(200);
  });

  it('answers 409 for a taken username or email, whatever its case', async () => {
    await setRegistration(true);
    expect((await t.post('/api/v1/auth/register', account('mia'))).status).toBe(201);
    const sameName = await t.post('/api/v1/auth/register', { ...account('MIA'), email: 'other@example.com' });
    expect(sameName.status).toBe(409);
    expect((await json(sameName)).errors).toEqual([{ path: 'username', message: 'already taken' }]);
    const sameEmail = await t.post('/api/v1/auth/register', { ...account('other'), email: 'MIA@example.com' });
    expect(sameEmail.status).toBe(409);
    expect(await t.orm.fork().count(User, {})).toBe(1);
  });
});
