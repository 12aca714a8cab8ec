/** Strong entity tags from the content version, and If-Match checks against them. */
import { ProblemError } from '../../http/problem.ts';

export const etagOf = (version: number): string => `"${version}"`;

/**
 * Throws 412 unless `ifMatch` names the current version (or is `*`). Without the header, `required`
 * decides: PATCH needs it (428), so a client that never read the item cannot overwrite it blindly.
 */
export function checkIfMatch(ifMatch: string | undefined, version: number, required: boolean): void {
  if (ifMatch === undefined) {
    if (required) {
      throw new ProblemError({
        status: 428,
        title: 'Precondition Required',
        detail: 'Send If-Match with the ETag of the version you are changing',
      });
    }
    return;
  }
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes('*') && !tags.includes(etagOf(version))) throw stale(version);
}

export function stale(version?: number): ProblemError {
  return new ProblemError({
    status: 412,
    detail: 'The content changed since you read it; fetch it again and reapply your change',
    headers: version === undefined ? undefined : { ETag: etagOf(version) },
  });
}
