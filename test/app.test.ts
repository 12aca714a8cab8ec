/**
 * The request-scoped EntityManager: createApp gives every /api/* request its own, forked on first
 * use, so requests in flight at the same time never share an identity map, the ORM's global one
 * stays untouched, and a request that never queries through it forks none.
 */
import type { EntityManager } from '@mikro-orm/core';
import { beforeAll, expect, it } from 'vitest';

import { Setting } from '#src/db/entities/index.ts';
import { useTestApp } from '#test/support/app.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

/** What the entities an EntityManager holds are, as `Setting:<key>`. */
const identityMap = (em: EntityManager) =>
  em
    .getUnitOfWork(false)
    .getIdentityMap()
    .values()
    .map((e) => `Setting:${(e as Setting).key}`)
    .sort();

describeEachDatabase('request-scoped EntityManager', (type) => {
  const t = useTestApp(type);
  /** Lets the two probe requests meet halfway, so each runs while the other holds its entity. */
  let rendezvous: { arrived: number; open: () => void; opened: Promise<void> };
  beforeAll(async () => {
    t.app.get('/api/v1/__probe/:key', async (c) => {
      const em = c.get('em');
      const loaded = await em.findOneOrFail(Setting, { key: c.req.param('key') });
      if (c.req.query('meet') === '1') {
        if (++rendezvous.arrived === 2) rendezvous.open();
        await rendezvous.opened;
      }
      const again = await em.findOneOrFail(Setting, { key: c.req.param('key') });
      return c.json({
        emId: em.id,
        global: em.global || em === t.orm.mikro.em,
        sameInstance: loaded === again,
        identityMap: identityMap(em),
      });
    });
  });

  function meetHalfway() {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    rendezvous = { arrived: 0, open, opened };
  }

  it('two requests in flight together each get their own EntityManager and identity map', async () => {
    meetHalfway();
    const [a, b] = await Promise.all(
      ['site_name', 'smtp_port'].map(async (key) => json(await t.app.request(`/api/v1/__probe/${key}?meet=1`))),
    );
    expect(a.emId).not.toBe(b.emId);
    expect(a).toMatchObject({ global: false, sameInstance: true, identityMap: ['Setting:site_name'] });
    expect(b).toMatchObject({ global: false, sameInstance: true, identityMap: ['Setting:smtp_port'] });
  });

  it('a later request starts from an empty identity map, whatever the one before loaded', async () => {
    const first = await json(await t.app.request('/api/v1/__probe/site_name'));
    const second = await json(await t.app.request('/api/v1/__probe/logo_url'));
    expect(second.emId).not.toBe(first.emId);
    expect(second.identityMap).toEqual(['Setting:logo_url']);
  });

  it('never loads anything into the ORM’s global EntityManager', async () => {
    const responses = await Promise.all(['site_name', 'site_url', 'footer_text'].map((key) => t.app.request(`/api/v1/__probe/${key}`)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const global = t.orm.mikro.em;
    expect(global.global).toBe(true);
    expect(identityMap(global)).toEqual([]);
  });

  it('forks an EntityManager only for the requests that use one', async () => {
    const fork = t.orm.fork;
    let forks = 0;
    t.orm.fork = () => {
      forks++;
      return fork();
    };
    try {
      for (const path of ['/api/v1/config', '/api/v1/version', '/api/v1/content', '/api/v1/content/no-such-slug', '/api/v1/openapi.json']) {
        expect((await t.app.request(path)).status, path).toBeLessThan(500);
      }
      expect(forks).toBe(0);
      expect((await t.app.request('/api/v1/__probe/site_name')).status).toBe(200);
      expect(forks).toBe(1);
    } finally {
      t.orm.fork = fork;
    }
  });
});
