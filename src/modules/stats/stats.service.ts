/** The dashboard's figures: what the counts cover, and the 24 hours they look back over. */
import type { SqlEntityManager } from '@mikro-orm/sql';

import type { ConnectionType } from '../../db/replicas.ts';
import { countAll } from './stats.repository.ts';
import type { Stats } from './stats.schemas.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Every count, with the last-24-hours ones over the day before `now`, on `connectionType` (a read replica or the primary). */
export function computeStats(em: SqlEntityManager, now: Date, connectionType: ConnectionType = 'write'): Promise<Stats> {
  return countAll(em, { since: new Date(now.getTime() - DAY_MS), until: now }, connectionType);
}
