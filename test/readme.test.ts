import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { openApiDocument, renderEndpointTable, withEndpointTable } from '#scripts/endpoints.ts';
import { APP_ROOT, CONFIG_VARIABLES } from '#src/config.ts';

const README = readFileSync(join(APP_ROOT, 'README.md'), 'utf8');
const SCRIPTS = Object.keys((JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as { scripts: object }).scripts);

/** The README's configuration table: the first cell of every row between the heading and the next one. */
function configurationTableNames(): string[] {
  const section = README.split('\n## Configuration')[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/^\| `([A-Z_]+)`/gm)].map((m) => m[1]);
}

describe('README', () => {
  it('has one configuration table row per variable loadConfig reads, and no other', () => {
    expect(configurationTableNames().sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('opens with a two-command quick start', () => {
    const block = README.split('## Quick start')[1]?.match(/```sh\n([\s\S]*?)```/)?.[1] ?? '';
    const commands = block
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .filter(Boolean);
    expect(commands).toEqual(['npm install && npm start', 'npm test']);
  });

  it('names every npm script', () => {
    const missing = SCRIPTS.filter(
      (name) => !README.includes(`npm run ${name}`) && !(['start', 'test'].includes(name) && README.includes(`npm ${name}`)),
    );
    expect(missing).toEqual([]);
  });

  it("has the endpoint table npm run docs:endpoints generates from the API's OpenAPI document", async () => {
    const table = await renderEndpointTable(await openApiDocument());
    expect(table.split('\n').length).toBeGreaterThan(20);
    expect(withEndpointTable(README, table)).toBe(README);
  });
});
