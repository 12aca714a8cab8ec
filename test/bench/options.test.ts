import { describe, expect, it } from 'vitest';

import { parsePin, selected } from '#bench/options.ts';

describe('bench options', () => {
  it('BENCH_LOADS keeps the loads whose label contains one of its substrings, and every load when empty', () => {
    const loads = ['GET /api/v1/content/{slug}, random slug', 'POST /api/v1/content', 'POST /api/v1/auth/login (scrypt)', 'cold start'];
    expect(loads.filter((label) => selected({ loads: ['random slug', 'POST /api/v1/content'] }, label))).toEqual([
      'GET /api/v1/content/{slug}, random slug',
      'POST /api/v1/content',
    ]);
    expect(loads.filter((label) => selected({ loads: [] }, label))).toEqual(loads);
    expect(selected({ loads: ['cold start'] }, 'POST /api/v1/content')).toBe(false);
  });

  it('BENCH_PIN=1 pins the server to CPU 0 and wrk to CPU 1, and refuses a malformed list', () => {
    expect(parsePin('1')).toEqual({ server: '0', load: '1' });
    expect(parsePin(undefined)).toBeUndefined();
    expect(() => parsePin('zero')).toThrow(/BENCH_PIN=zero/);
  });
});
