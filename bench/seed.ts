/**
 * The API bench's data, written through the app's own code on the bench database after its
 * migrations: an editor (password hashed with the production scrypt parameters, so the login bench
 * pays the real cost) and `rows` published items (10,000), one second apart, with slugs bench-item-N.
 */
import { type EnvSource, loadConfig } from '../src/config.ts';
import { Content } from '../src/db/entities/index.ts';
import { createOrm } from '../src/db/orm.ts';
import { createLogger } from '../src/logger.ts';
import { createPasswordHasher } from '../src/modules/auth/password.ts';
import { fold } from '../src/modules/content/slug.ts';
import { createUser } from '../src/modules/users/users.service.ts';

export const CONTENT_ROWS = 10_000;
export const BENCH_USER = { username: 'bench-editor', email: 'bench-editor@example.com', password: 'bench-password-1234' };
/** A slug the read bench asks for: the middle of the table. */
export const BENCH_SLUG = `bench-item-${CONTENT_ROWS / 2}`;

const BATCH = 500;
const BODY = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(16).trim();

export async function seedBench(env: EnvSource, rows = CONTENT_ROWS): Promise<void> {
  const config = loadConfig(env);
  const orm = await createOrm(config, { logger: createLogger({ logLevel: 'warn' }) });
  try {
    const hasher = createPasswordHasher();
    const editor = await createUser(orm.fork(), { ...BENCH_USER, role: 'editor' }, { hasher, now: new Date() });
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let from = 1; from <= rows; from += BATCH) {
      const batch = [];
      for (let n = from; n < from + BATCH && n <= rows; n++) {
        const at = new Date(start + n * 1000);
        const title = `Bench item ${n}`;
        batch.push({
          slug: `bench-item-${n}`,
          title,
          searchText: fold(title),
          body: BODY,
          excerpt: BODY.slice(0, 199),
          type: 'post' as const,
          status: 'published' as const,
          author: editor.id,
          publishedAt: at,
          createdAt: at,
          updatedAt: at,
          version: 1,
        });
      }
      await orm.fork().insertMany(Content, batch);
    }
  } finally {
    await orm.close();
  }
}
