/** A real logger (pino, the app's settings) whose JSON lines are kept for assertions. */
import { Writable } from 'node:stream';

import { createLogger, type Logger } from '../../src/logger.ts';

export function capturedLogger(level: 'info' | 'debug' = 'info'): { lines: Record<string, unknown>[]; logger: Logger } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ logLevel: level }, sink) };
}
