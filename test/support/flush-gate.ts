/**
 * `holdNextUpdate(orm, 'Content')`: stops the next flush of that ORM which updates a row of the
 * entity, after its reads and checks and before its UPDATE runs, until the test lets it go. A test
 * can then commit another write in between, at a known point instead of by chance.
 */
import { ChangeSetType, type FlushEventArgs } from '@mikro-orm/core';

import type { Orm } from '../../src/db/orm.ts';

export interface HeldFlush {
  /** Resolves once a flush is held. */
  reached: Promise<void>;
  /** Lets the held flush run its statements. */
  release(): void;
}

export function holdNextUpdate(orm: Orm, entityName: string): HeldFlush {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrive!: () => void;
  const reached = new Promise<void>((resolve) => (arrive = resolve));
  let armed = true;
  // Every EntityManager of the ORM (request forks, transactions) shares or copies its event manager.
  orm.mikro.em.getEventManager().registerSubscriber({
    async onFlush({ uow }: FlushEventArgs) {
      const updates = uow.getChangeSets().some((cs) => cs.type === ChangeSetType.UPDATE && cs.meta.className === entityName);
      if (!armed || !updates) return;
      armed = false;
      arrive();
      await released;
    },
  });
  return { reached, release };
}
