/**
 * `compiledInsert` (src/db/insert.ts) writes a row as `em.insert` would: the same dates (to the
 * millisecond), JSON, nulls and generated ids, read back through the entities on every database;
 * a unique refusal is MikroORM's exception; a rolled back transaction keeps nothing.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { describe, expect, it } from 'vitest';

import { AuditEvent, Content } from '#src/db/entities/index.ts';
import { compiledInsert } from '#src/db/insert.ts';
import { insertTransaction } from '#src/db/transactions.ts';
import { insertContent } from '#src/modules/content/content.service.ts';
import { useTestApp } from '#test/support/app.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

const insertAudit = compiledInsert('audit_events', ['at', 'actor_id', 'action', 'target_type', 'target_id', 'ip', 'details']);

describe('compiledInsert', () => {
  it('refuses a table or column name that is not a plain identifier', () => {
    expect(() => compiledInsert('content; drop table users', ['slug'])).toThrow(
      'Not a plain column or table name: content; drop table users',
    );
    expect(() => compiledInsert('content', ['slug"'])).toThrow('Not a plain column or table name: slug"');
  });
});

describeEachDatabase('compiledInsert', (type) => {
  const t = useTestApp(type);
  const at = new Date('2026-12-05T01:02:03.456Z');
  const row = (slug: string) => ({
    slug,
    title: 'Été',
    search_text: 'ete',
    body: 'Body',
    excerpt: 'Body',
    type: 'post',
    status: 'published',
    author_id: null,
    published_at: at,
    created_at: at,
    updated_at: at,
    version: 1,
  });

  it('writes what em.insert writes: dates to the millisecond, JSON, nulls, and answers the generated id', async () => {
    const em = t.orm.fork() as SqlEntityManager;
    const ids = await insertTransaction(em, async (tx) => {
      const viaOrm = Number(
        await tx.insert(AuditEvent, {
          at,
          actor: null,
          action: 'content.created',
          targetType: 'content',
          targetId: '7',
          ip: null,
          details: { slug: 'a', n: 1 },
        }),
      );
      const compiled = await insertAudit(tx, {
        at,
        actor_id: null,
        action: 'content.created',
        target_type: 'content',
        target_id: '7',
        ip: null,
        details: { slug: 'a', n: 1 },
      });
      return { viaOrm, compiled };
    });
    expect(ids.compiled).toBe(ids.viaOrm + 1);
    const [a, b] = await t.orm.fork().find(AuditEvent, { id: { $in: [ids.viaOrm, ids.compiled] } }, { orderBy: { id: 'asc' } });
    expect(b.at.toISOString()).toBe('2026-12-05T01:02:03.456Z');
    expect({ ...b, id: 0 }).toEqual({ ...a, id: 0 });
    expect(b.details).toEqual({ slug: 'a', n: 1 });

    const contentId = await insertTransaction(em, (tx) => insertContent(tx, row('compiled-insert')));
    const content = await t.orm.fork().findOneOrFail(Content, { slug: 'compiled-insert' });
    expect(content.id).toBe(contentId);
    expect(content.createdAt.toISOString()).toBe('2026-12-05T01:02:03.456Z');
    expect(content.publishedAt?.toISOString()).toBe('2026-12-05T01:02:03.456Z');
    expect(content.title).toBe('Été');
    expect(content.author).toBeNull();
  });

  it('a unique refusal is a UniqueConstraintViolationException, and its transaction keeps nothing', async () => {
    const em = t.orm.fork() as SqlEntityManager;
    await insertTransaction(em, (tx) => insertContent(tx, row('taken-slug')));
    const before = await t.orm.fork().count(AuditEvent);
    const attempt = insertTransaction(em, async (tx) => {
      await insertAudit(tx, { at, actor_id: null, action: 'content.created', target_type: null, target_id: null, ip: null, details: null });
      return insertContent(tx, row('taken-slug'));
    });
    await expect(attempt).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    expect(await t.orm.fork().count(AuditEvent)).toBe(before);
  });
});
