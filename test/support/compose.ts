/** compose.yaml as Compose sees it with nothing set in the environment. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { APP_ROOT } from './child.ts';

export interface ComposeService {
  build?: string;
  image?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  secrets?: string[];
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  healthcheck?: { test: string[] };
  read_only?: boolean;
  pid?: string;
  command?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
  volumes: Record<string, unknown>;
}

const COMPOSE_TEXT = readFileSync(join(APP_ROOT, 'compose.yaml'), 'utf8');

/** Compose's interpolation with nothing set: `${NAME:-default}` -> default, `${NAME}` -> '', `$$` -> `$`. */
function interpolate(text: string): string {
  return text.replace(/\$\$|\$\{(\w+)(?::?-([^}]*))?\}/g, (whole, _name, fallback: string | undefined) =>
    whole === '$$' ? '$' : (fallback ?? ''),
  );
}

export const readCompose = (): ComposeFile => parse(interpolate(COMPOSE_TEXT)) as ComposeFile;
