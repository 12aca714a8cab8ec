/**
 * Account reads. `signedIn` runs on every authenticated request, so it is a typed query on the
 * driver (`Orm.read`), mapped into the request's EntityManager as a managed entity, as `findOne`
 * would give it: the entity query path costs several times more CPU.
 */
import type { InferKyselyDB, SqlEntityManager } from '@mikro-orm/sql';
import { sql } from 'kysely';
import { User } from '../../db/entities/index.ts';
import type { Orm } from '../../db/orm.ts';
import { queryBuilder } from '../../db/read.ts';

type Db = InferKyselyDB<typeof User>;

export interface UserRepository {
  /** The active, not deleted account `id` (an access token's subject), managed by `em`; null when there is none. */
  signedIn(em: SqlEntityManager, id: number): Promise<User | null>;
}

export function createUserRepository(orm: Orm): UserRepository {
  const signedIn = queryBuilder<Db>(orm)
    .selectFrom('users')
    .selectAll()
    .where('id', '=', 0)
    // A bare column test: SQLite cannot bind a boolean, and PostgreSQL has no boolean = integer.
    .where(sql<boolean>`${sql.ref('active')}`)
    .where('deleted_at', 'is', null)
    .compile();
  if (signedIn.parameters.length !== 1) throw new Error('The signed-in account query binds more than its id');
  return {
    async signedIn(em, id) {
      const bound: typeof signedIn = { ...signedIn, parameters: [id] };
      const [row] = await orm.read(bound);
      return row ? em.map(User, row) : null;
    },
  };
}
