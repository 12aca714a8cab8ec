/**
 * npm run schema:create | schema:drop | schema:fresh | db:seed
 * The schema is built by running the checked-in migrations, so a database created here and one
 * migrated in production are the same, and readiness sees no pending migration.
 */
import { TableNotFoundException } from '@mikro-orm/core';

import { seedDefaults } from '../src/db/seed.ts';
import { migrate } from '../src/runtime.ts';
import { announceDestructive, runScript, type ScriptContext, ScriptError } from './cli.ts';

const commands: Record<string, (ctx: ScriptContext) => Promise<void>> = {
  async create(ctx) {
    const ran = await migrate(ctx.orm, ctx.logger);
    console.log(ran.length ? `Schema created (${ran.length} migration(s): ${ran.join(', ')})` : 'Schema already up to date');
  },
  async drop(ctx) {
    announceDestructive(ctx, 'drop every Filamenta table (data included) and the migrations table');
    await ctx.orm.mikro.schema.drop({ dropMigrationsTable: true });
    console.log('Schema dropped');
  },
  async seed(ctx) {
    const added = await seedDefaults(ctx.orm.fork()).catch((error: unknown) => {
      if (error instanceof TableNotFoundException)
        throw new ScriptError('There is no schema to seed yet: run npm run schema:create (or db:migrate) first');
      throw error;
    });
    console.log(`Seeded ${added} setting(s)`);
  },
  async fresh(ctx) {
    announceDestructive(ctx, 'drop every Filamenta table (data included), recreate the schema and seed the default settings');
    await ctx.orm.mikro.schema.drop({ dropMigrationsTable: true });
    await commands.create(ctx);
    await commands.seed(ctx);
  },
};

await runScript({}, async (ctx) => {
  const name = ctx.positionals[0] ?? '';
  const command = commands[name];
  if (!command) throw new ScriptError(`Unknown command "${name}"; use one of: ${Object.keys(commands).join(', ')}`, 2);
  await command(ctx);
});
