/**
 * npm run db:migrate                          run pending migrations on the configured database
 * npm run db:migration:create -- <name>       write a migration for every database family from the
 *                                             entities (no database needed; scripts/README.md)
 * npm run db:migration:create -- --snapshot   rewrite the families' snapshots from the entities
 */
import { APP_ROOT } from '../src/config.ts';
import { migrate } from '../src/runtime.ts';
import { runOffline, runScript, ScriptError } from './cli.ts';
import { createMigrations, writeSnapshots } from './migration-generator.ts';

const USAGE = 'use up, or create <name> (letters, digits and _, e.g. add_tags)';

if (process.argv[2] === 'create') {
  await runOffline({ flags: { name: { type: 'string' }, snapshot: { type: 'boolean' } } }, async ({ flags, positionals }) => {
    if (flags.snapshot) {
      for (const file of await writeSnapshots(APP_ROOT)) console.log(`Wrote ${file}`);
      return;
    }
    const name = typeof flags.name === 'string' ? flags.name : positionals[1];
    if (!name || positionals.length > 2) throw new ScriptError(`A migration needs one name: ${USAGE}`, 2);
    const written = await createMigrations(APP_ROOT, name);
    if (!written.length) console.log("No changes: the entities match every family's snapshot");
    for (const file of written) console.log(`Wrote ${file}`);
  });
} else {
  await runScript({}, async (ctx) => {
    const command = ctx.positionals[0];
    if (command !== 'up') throw new ScriptError(`Unknown command "${command ?? ''}"; ${USAGE}`, 2);
    const ran = await migrate(ctx.orm, ctx.logger);
    console.log(ran.length ? `Ran ${ran.length} migration(s): ${ran.join(', ')}` : 'No pending migrations');
  });
}
