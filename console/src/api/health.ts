/**
 * The readiness probe and the version, for the dashboard. The OpenAPI document does not describe
 * their answers yet (no response schema), so these types stand in and the answers are checked
 * before use; once the document describes them, the generated types replace this file.
 */
import { API_ROOT } from './client.ts';

export interface Readiness {
  status: 'ready' | 'unavailable';
  reason?: string;
  database: {
    type: string;
    driver: string;
    ok: boolean;
    latencyMs: number;
    pool?: { total: number; idle: number; waiting: number; max: number };
    replicas?: { name: string; ok: boolean; lagS: number | null }[];
  };
  migrations?: { pending: number; names: string[] };
}

export interface Version {
  name: string;
  version: string;
  node: string;
  database: { type: string; driver: string };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

async function json(path: string): Promise<unknown> {
  const response = await fetch(`${API_ROOT}${path}`, { headers: { Accept: 'application/json' } });
  return response.json();
}

/** GET /health/ready (200 or 503, both with a body). */
export async function readiness(): Promise<Readiness | undefined> {
  const body = await json('/health/ready');
  return isObject(body) && typeof body.status === 'string' && isObject(body.database) ? (body as unknown as Readiness) : undefined;
}

/** GET /api/v1/version. */
export async function version(): Promise<Version | undefined> {
  const body = await json('/api/v1/version');
  return isObject(body) && typeof body.version === 'string' && isObject(body.database) ? (body as unknown as Version) : undefined;
}
