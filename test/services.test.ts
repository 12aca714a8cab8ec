/**
 * The composition root on an ORM that has not connected yet, as the adapters make it (they listen,
 * or take a Lambda invocation, before the database is reached): the services are built without a
 * connection, and the first requests that compile typed reads (the MySQL-family drivers make their
 * query builder only once asked to) answer as they would later.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { createApp } from '#src/app.ts';
import { loadConfig } from '#src/config.ts';
import { createOrm, type Orm } from '#src/db/orm.ts';
import { createLogger } from '#src/logger.ts';
import { createServices } from '#src/services.ts';
import { useTestApp } from '#test/support/app.ts';
import { testEnv } from '#test/support/databases.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

describeEachDatabase('services made before the database is connected', (type) => {
  const migrated = useTestApp(type);
  let orm: Orm;
  beforeAll(async () => {
    const config = loadConfig(testEnv(migrated.db.env));
    orm = await createOrm(config, { logger: createLogger({ logLevel: 'silent' }), connect: false });
  });
  afterAll(() => orm?.close());

  it('builds the services and answers the first typed reads', async () => {
    const services = createServices(migrated.config, orm);
    const app = createApp({ orm, services, logger: migrated.logger });
    const config = await app.request('/api/v1/config');
    expect(config.status).toBe(200);
    expect(await json(config)).toMatchObject({ siteName: 'X-Filamenta', registrationEnabled: false });
    expect((await app.request('/api/v1/content/no-such-slug')).status).toBe(404);
    expect(await json(await app.request('/api/v1/content'))).toMatchObject({ items: [], total: 0 });
    // A well-signed token of no account: the guard's account read runs, and finds nobody.
    const { token } = await services.tokens.issue({ userId: 999_999, role: 'admin' }, new Date());
    const signedIn = await app.request('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });
    expect(signedIn.status).toBe(401);
    expect(await json(signedIn)).toMatchObject({ detail: 'The access token is invalid or expired' });
  });
});
