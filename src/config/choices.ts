/** The values a variable may take where envalid checks a list of choices, and the types named after them. */
export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const TARGETS = ['auto', 'node', 'cpanel', 'container', 'vps', 'lambda'] as const;
export const DB_TYPES = ['sqlite', 'mysql', 'mariadb', 'postgresql'] as const;
export const SQLITE_DRIVERS = ['auto', 'better-sqlite3', 'node'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type NodeEnv = (typeof NODE_ENVS)[number];
export type Target = Exclude<(typeof TARGETS)[number], 'auto'>;
export type DbType = (typeof DB_TYPES)[number];
export type SqliteDriverChoice = (typeof SQLITE_DRIVERS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];
