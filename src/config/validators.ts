/** The envalid validators several concerns share, and the error a validator throws to word an issue itself. */
import { makeValidator } from 'envalid';

/**
 * An invalid value, described in full: the issue reads as this message alone. Any other error a
 * validator throws is reported as `invalid value "<value>": <message>`.
 */
export class ConfigIssue extends Error {
  override name = 'ConfigIssue';
}

/** A whole number, 0 or more; below `min` the issue is `tooSmall`. */
export function wholeNumber({ min = 0, tooSmall = `must be at least ${min}` }: { min?: number; tooSmall?: string } = {}) {
  return makeValidator<number>((input) => {
    if (!/^\d+$/.test(input.trim())) throw new Error('expected a whole number, 0 or more');
    const value = Number(input);
    if (value < min) throw new ConfigIssue(tooSmall);
    return value;
  });
}

/** `1048576`, `512kb`, `10mb`, `1g`: a size in bytes, at least 1. */
export const byteSize = makeValidator<number>((input) => {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$/i.exec(input);
  if (!m) throw new Error('expected a size such as 1048576, 512kb or 10mb');
  const unit = (m[2] ?? 'b').toLowerCase()[0] as 'b' | 'k' | 'm' | 'g';
  const factor = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit];
  const bytes = Math.floor(Number(m[1]) * factor);
  if (bytes < 1) throw new Error('must be at least 1 byte');
  return bytes;
});
