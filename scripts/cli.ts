/**
 * Shared by the scripts: configuration from `.env` + environment, a logger on stderr, an ORM that
 * has waited for the database, and the production guard for destructive commands.
 */
import { parseArgs } from 'node:util';

import { type Config, describeDatabase } from '../src/config.ts';
import { createOrm, type Orm } from '../src/db/orm.ts';
import { createLogger, type Logger } from '../src/logger.ts';
import { configFromEnvironment, describeDatabaseChoice, describeStartupFailure } from '../src/runtime.ts';

export interface ScriptContext {
  config: Config;
  logger: Logger;
  orm: Orm;
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
}

type Flags = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/**
 * Runs `body` with a connected ORM; prints failures as one message and exits non-zero. Says first,
 * on stdout, which database it acts on and where that choice came from (`describeDatabaseChoice`).
 */
export async function runScript(options: { flags?: Flags }, body: (ctx: ScriptContext) => Promise<void>): Promise<void> {
  let orm: Orm | undefined;
  try {
    const { flags, positionals } = parseFlags(options.flags);
    const config = configFromEnvironment(process.env);
    process.stdout.write(`${describeDatabaseChoice(config, process.env)}\n`);
    const logger = createLogger({ logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel }, process.stderr);
    orm = await createOrm(config, { logger });
    await body({ config, logger, orm, flags, positionals });
  } catch (error) {
    await orm?.close().catch(() => undefined);
    exitWith(error);
  }
  await orm.close();
}

/** `runScript` for a tool that reads neither the configuration nor the database (it works on files). */
export async function runOffline(
  options: { flags?: Flags },
  body: (ctx: Pick<ScriptContext, 'flags' | 'positionals'>) => Promise<void>,
): Promise<void> {
  try {
    await body(parseFlags(options.flags));
  } catch (error) {
    exitWith(error);
  }
}

function parseFlags(flags: Flags = {}): Pick<ScriptContext, 'flags' | 'positionals'> {
  const { values, positionals } = parseArgs({ options: { force: { type: 'boolean' }, ...flags }, allowPositionals: true });
  return { flags: values, positionals };
}

function exitWith(error: unknown): never {
  const { code, message } = error instanceof ScriptError ? { code: error.code, message: error.message } : describeStartupFailure(error);
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

export class ScriptError extends Error {
  readonly code: number;
  constructor(message: string, code = 1) {
    super(message);
    this.code = code;
  }
}

/** Says what is about to happen; refuses in production unless --force was given. */
export function announceDestructive(ctx: ScriptContext, what: string): void {
  const target = describeDatabase(ctx.config.db);
  if (ctx.config.env === 'production' && !ctx.flags.force) {
    throw new ScriptError(`Refusing to ${what} on ${target}: NODE_ENV is production. Re-run with --force if you mean it.`, 2);
  }
  process.stdout.write(`About to ${what} on ${target}\n`);
}
