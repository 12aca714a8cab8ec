/**
 * The console's sources keep their promises: its API types are the ones the OpenAPI document
 * generates (so a changed route breaks its type check), every catalogue says the same things with
 * the same placeholders, and no component carries a string a person reads outside the catalogues.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { en } from '#console/src/i18n/en.ts';
import { es } from '#console/src/i18n/es.ts';
import { fr } from '#console/src/i18n/fr.ts';
import { consoleApiTypes, SCHEMA_FILE } from '#scripts/console-api.ts';
import { APP_ROOT } from '#test/support/child.ts';

const SOURCES = join(APP_ROOT, 'console', 'src');

describe('console sources', () => {
  it('carry the API types npm run console:api generates from the OpenAPI document', async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    // Run `npm run console:api` after changing a route, and commit the result.
    expect(committed === (await consoleApiTypes()), 'console/src/api/schema.d.ts is stale: run npm run console:api').toBe(true);
  });

  it.each([
    ['fr', fr],
    ['es', es],
  ])('%s has every English key, with the same {placeholders}', (_name, catalogue) => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
    const differing = Object.entries(en).filter(
      ([key, text]) => placeholders(text).join() !== placeholders(catalogue[key as keyof typeof en]).join(),
    );
    expect(differing.map(([key]) => key)).toEqual([]);
  });

  it('have no user-visible text in a component: JSX text and labelling attributes come from the catalogues', () => {
    const files = readdirSync(SOURCES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tsx'));
    expect(files.length).toBeGreaterThan(15);
    const found: string[] = [];
    for (const file of files) {
      const source = ts.createSourceFile(file, readFileSync(join(SOURCES, file), 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
      const visit = (node: ts.Node) => {
        // Letters in JSX text, or in a string given to an attribute a person reads or hears.
        if (ts.isJsxText(node) && /\p{L}/u.test(node.text)) found.push(`${file}: text "${node.text.trim()}"`);
        if (
          ts.isJsxAttribute(node) &&
          /^(aria-label|alt|title|placeholder|label|hint|confirmLabel|submitLabel)$/.test(node.name.getText()) &&
          node.initializer &&
          ts.isStringLiteral(node.initializer) &&
          /\p{L}/u.test(node.initializer.text) &&
          // A catalogue key handed to a shared component is not text.
          !Object.hasOwn(en, node.initializer.text)
        )
          found.push(`${file}: ${node.name.getText()}="${node.initializer.text}"`);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(found).toEqual([]);
  });
});
