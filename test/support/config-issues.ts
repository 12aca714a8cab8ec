import { ConfigError, type EnvSource, loadConfig } from '../../src/config.ts';

/** The issues `loadConfig` lists for `source`; throws when the configuration is accepted. */
export function configIssues(source: EnvSource, options: Parameters<typeof loadConfig>[1] = {}): Record<string, string> {
  try {
    loadConfig(source, options);
  } catch (error) {
    if (error instanceof ConfigError) return { ...error.issues };
    throw error;
  }
  throw new Error('expected a ConfigError: the configuration was accepted');
}
