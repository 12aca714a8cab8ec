/** The observability side of the configuration: Prometheus metrics at <base>/metrics and OpenTelemetry traces. */
import { makeValidator } from 'envalid';

import type { NodeEnv } from './choices.ts';
import type { CleanEnv } from './specs.ts';
import { ConfigIssue } from './validators.ts';

interface MetricsConfig {
  /** Serve <base>/metrics and record the metrics; off: nothing is registered and no middleware runs. */
  enabled: boolean;
  /** The bearer token a scrape must send; undefined (outside production only): /metrics is open. */
  token: string | undefined;
}

interface TracingConfig {
  /** The OTLP/HTTP base URL (a collector); traces go to `${endpoint}/v1/traces`. */
  endpoint: string;
  serviceName: string;
}

export interface ObservabilityConfig {
  metrics: MetricsConfig;
  /** undefined: no tracing, and no OpenTelemetry module is ever loaded. */
  tracing: TracingConfig | undefined;
}

const MIN_TOKEN_LENGTH = 16;

/** The metrics token, trimmed: 16 characters and more. */
export const metricsToken = makeValidator<string>((input) => {
  const token = input.trim();
  if (token.length < MIN_TOKEN_LENGTH)
    throw new ConfigIssue(`is ${token.length} characters; use at least ${MIN_TOKEN_LENGTH} (a random one: openssl rand -hex 32)`);
  return token;
});

/** An http(s) URL without a query, its trailing slashes removed (the exporter appends /v1/traces). */
export const otlpEndpoint = makeValidator<string>((input) => {
  let url: URL | undefined;
  try {
    url = new URL(input.trim());
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash)
    throw new ConfigIssue(`"${input}" is not an http(s) URL of an OTLP/HTTP receiver, e.g. http://otel-collector:4318`);
  return url.href.replace(/\/+$/, '');
});

export function buildObservabilityConfig(
  env: CleanEnv,
  nodeEnv: NodeEnv,
  issues: Record<string, string>,
  warnings: string[],
): ObservabilityConfig {
  const enabled = env.METRICS_ENABLED;
  if (enabled && !env.METRICS_TOKEN) {
    if (nodeEnv === 'production')
      issues.METRICS_TOKEN = 'is required in production while METRICS_ENABLED is on (or set METRICS_TOKEN_FILE)';
    else warnings.push('METRICS_ENABLED without METRICS_TOKEN: /metrics answers anyone (a token is required in production)');
  }
  return {
    metrics: { enabled, token: enabled ? env.METRICS_TOKEN : undefined },
    tracing: env.OTEL_EXPORTER_OTLP_ENDPOINT
      ? { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME }
      : undefined,
  };
}
