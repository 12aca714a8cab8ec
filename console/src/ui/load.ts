/**
 * What the list and record pages share: loading an API answer when its inputs change (with the
 * failure in words), and list filters kept in the URL so reload and the back button keep them.
 */
import { useEffect, useState } from 'preact/hooks';

import { call } from '../api/client.ts';
import { type Failure, failure, networkFailure } from '../api/problem.ts';
import { navigate } from '../router.ts';

/** Runs `request` whenever `inputs` change; `data` is undefined while it runs. */
export function useLoad<T>(request: () => Promise<{ data?: T; error?: unknown; response: Response }>, inputs: unknown[]) {
  const [data, setData] = useState<T | undefined>();
  const [problem, setProblem] = useState<Failure | undefined>();
  useEffect(() => {
    let current = true;
    setData(undefined);
    call(request).then(
      ({ data: answer, error, response }) => {
        if (!current) return;
        setProblem(answer === undefined ? failure(response, error) : undefined);
        setData(answer);
      },
      () => current && setProblem(networkFailure()),
    );
    return () => {
      current = false;
    };
  }, inputs);
  return { data, problem, setData };
}

/**
 * Goes to `path` with `filters` changed by `changes`, leaving out empty values and the defaults;
 * any change but the page's own goes back to page 1.
 */
export function applyFilters(
  path: string,
  filters: Record<string, string>,
  changes: Record<string, string | number>,
  defaults: Record<string, string> = {},
): void {
  const next = new URLSearchParams();
  const merged = { ...filters, page: '1', ...Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, String(v)])) };
  for (const [k, v] of Object.entries(merged)) if (v !== '' && v !== (defaults[k] ?? (k === 'page' ? '1' : undefined))) next.set(k, v);
  void navigate(`${path}${next.size ? `?${next}` : ''}`, { replace: true });
}
