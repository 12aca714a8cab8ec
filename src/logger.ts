import { pino, type Logger as PinoLogger } from 'pino';
import type { Config } from './config.ts';

export type Logger = PinoLogger;

/**
 * Structured JSON logs on stdout (Passenger and systemd collect it). Redacts what must never be
 * logged: credentials, tokens, and Passenger's `!~passenger-envvars` header.
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
