/** compose.yaml as Compose sees it. */
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
  restart?: string;
  deploy?: { replicas?: number };
  container_name?: string;
  expose?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
  volumes: Record<string, unknown>;
}

const COMPOSE_TEXT = readFileSync(join(APP_ROOT, 'compose.yaml'), 'utf8');

/** Compose's interpolation: `${NAME:-default}` -> `vars.NAME` or default, `${NAME}` -> `vars.NAME` or '', `$$` -> `$`. */
function interpolate(text: string, vars: Record<string, string> = {}): string {
  return text.replace(/\$\$|\$\{(\w+)(?::?-([^}]*))?\}/g, (whole, name: string, fallback: string | undefined) =>
    whole === '$$' ? '$' : (vars[name] ?? fallback ?? ''),
  );
}

/** compose.yaml as Compose sees it with `vars` (nothing by default) in the environment. */
export const readCompose = (vars: Record<string, string> = {}): ComposeFile => parse(interpolate(COMPOSE_TEXT, vars)) as ComposeFile;
