import { describe, expect, it } from 'vitest';

import { loadConfig } from '#src/config.ts';

const WARNING = 'FORCE_HTTPS without PUBLIC_URL: HTTPS redirects go to whatever host a trusted proxy forwards; set PUBLIC_URL to pin it';
const PRODUCTION = {
  NODE_ENV: 'production',
  SECRET_KEY: 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=',
  DATABASE_URL: 'postgresql://app@db.example/filamenta',
};

describe('FORCE_HTTPS and PUBLIC_URL', () => {
  it('warns at start in production when FORCE_HTTPS runs without PUBLIC_URL', () => {
    expect(loadConfig({ ...PRODUCTION, FORCE_HTTPS: 'true' }).warnings).toEqual([WARNING]);
  });

  it('says nothing once PUBLIC_URL pins the host, without FORCE_HTTPS, or outside production', () => {
    expect(loadConfig({ ...PRODUCTION, FORCE_HTTPS: 'true', PUBLIC_URL: 'https://api.example.com' }).warnings).toEqual([]);
    expect(loadConfig({ ...PRODUCTION }).warnings).toEqual([]);
    expect(loadConfig({ ...PRODUCTION, NODE_ENV: 'test', FORCE_HTTPS: 'true' }).warnings).not.toContain(WARNING);
  });
});
