/**
 * Entity tags of content items and the precondition checks against them. A tag names the item and
 * its version, `"<id>-<version>"`, so a tag read from one item never matches another (a client that
 * caches by slug and by id holds one tag for both). The tags are strong: the version moves with
 * every change of anything the representation shows (MikroORM bumps it on each flush, and removing
 * an author bumps the versions of their items), so one tag is one byte-identical JSON body, and
 * If-Match, which RFC 9110 compares strongly, can use it.
 */
import { ProblemError } from '../../http/problem.ts';

export const etagOf = (id: number, version: number): string => `"${id}-${version}"`;

/** The listed tags, `W/` dropped (If-None-Match compares weakly; this API only makes strong ones). */
const tagsOf = (header: string) => header.split(',').map((t) => t.trim().replace(/^W\//, ''));

/**
 * True when `ifMatch` names the current version of item `id` (or is `*`). The bare `"<version>"`
 * tags this API sent before are still accepted: they are only ever compared with the item at the
 * URL, so they cannot name another one, and a client holding one from before an upgrade keeps working.
 */
function matches(header: string, id: number, version: number): boolean {
  const tags = tagsOf(header);
  return tags.includes('*') || tags.includes(etagOf(id, version)) || tags.includes(`"${version}"`);
}

/**
 * Throws 412 unless `ifMatch` names the current version (or is `*`). Without the header, `required`
 * decides: PATCH needs it (428), so a client that never read the item cannot overwrite it blindly.
 */
export function checkIfMatch(ifMatch: string | undefined, id: number, version: number, required: boolean): void {
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
  if (!matches(ifMatch, id, version)) throw stale(id, version);
}

/** If-None-Match on a read: true when the client's copy is current (answer 304). */
export function notModified(ifNoneMatch: string | undefined, id: number, version: number): boolean {
  if (ifNoneMatch === undefined) return false;
  const tags = tagsOf(ifNoneMatch);
  return tags.includes('*') || tags.includes(etagOf(id, version));
}

export function stale(id?: number, version?: number): ProblemError {
  return new ProblemError({
    status: 412,
    detail: 'The content changed since you read it; fetch it again and reapply your change',
    headers: id === undefined || version === undefined ? undefined : { ETag: etagOf(id, version) },
  });
}
