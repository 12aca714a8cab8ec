import { type Logger as PinoLogger, pino } from 'pino';

import type { Config } from './config.ts';

export type Logger = PinoLogger;

/**
 * Structured JSON logs on stdout (Passenger and systemd collect it). Redacts credentials and
 * tokens. Request headers are never logged at all (Passenger's `!~passenger-envvars` header
 * carries every SetEnv value).
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: ['password', '*.password', 'authorization', '*.authorization', 'secretKey', '*.secretKey'], censor: '***' },
    },
    destination ?? pino.destination({ sync: false }),
  );
}
