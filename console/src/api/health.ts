/**
 * The readiness probe and the version, for the dashboard, typed by the generated client like every
 * other call (the OpenAPI document describes both answers).
 */
import { api, type Schemas } from './client.ts';

export type Readiness = Schemas['Readiness'];
export type Version = Schemas['Version'];

/** GET /health/ready: 200 or 503, both with the same body. */
export async function readiness(): Promise<Readiness | undefined> {
  const { data, error } = await api.GET('/health/ready');
  return data ?? error;
}

/** GET /api/v1/version. */
export async function version(): Promise<Version | undefined> {
  return (await api.GET('/api/v1/version')).data;
}
