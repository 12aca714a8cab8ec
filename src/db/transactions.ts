/** What every transaction of the app may need around it, whatever the module. */
import { DeadlockException } from '@mikro-orm/core';

/**
 * Runs `transaction`, again when the database chose it as a deadlock victim (MariaDB/MySQL: the gap
 * locks of an UPDATE or of a unique index can make two transactions on one account wait for each
 * other). The rolled-back one simply reruns and then sees what the winner committed.
 */
export async function retryOnDeadlock<T>(transaction: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (!(error instanceof DeadlockException) || attempt >= attempts) throw error;
    }
  }
}
