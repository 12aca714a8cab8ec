/**
 * Sessions: an access token plus a refresh token of one family. Refreshing rotates the token; a
 * rotated (or revoked) token presented again means it leaked, so the whole family is revoked.
 */
import { randomUUID } from 'node:crypto';

import type { SqlEntityManager } from '@mikro-orm/sql';

import { RefreshToken, type User } from '../../db/entities/index.ts';
import { bearerChallenge } from '../../http/auth.ts';
import { ProblemError } from '../../http/problem.ts';
import type { Services } from '../../services.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { toPublicUser } from '../users/users.repository.ts';
import type { PublicUser } from '../users/users.schemas.ts';
import { hashRefreshToken, newRefreshToken } from './tokens.ts';

export interface Session {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: PublicUser;
}

/** Adds a refresh token to `em` (flushed by the caller) and signs an access token. */
export async function startSession(
  em: SqlEntityManager,
  services: Services,
  user: User,
  familyId: string = randomUUID(),
): Promise<Session> {
  const now = services.clock();
  const refresh = newRefreshToken();
  em.create(RefreshToken, {
    tokenHash: refresh.hash,
    familyId,
    user,
    createdAt: now,
    expiresAt: new Date(now.getTime() + services.config.auth.refreshTokenTtlS * 1000),
  });
  const access = await services.tokens.issue({ userId: user.id, role: user.role }, now);
  return {
    accessToken: access.token,
    refreshToken: refresh.token,
    tokenType: 'Bearer',
    expiresIn: access.expiresIn,
    user: toPublicUser(user),
  };
}

const invalidRefresh = () =>
  new ProblemError({
    status: 401,
    detail: 'The refresh token is invalid, expired or revoked; log in again',
    headers: bearerChallenge('invalid_token'),
  });

export async function rotateSession(em: SqlEntityManager, services: Services, token: string, ip: string | undefined): Promise<Session> {
  const now = services.clock();
  const outcome = await em.transactional(async (tx) => {
    const stored = await tx.findOne(RefreshToken, { tokenHash: hashRefreshToken(token) }, { populate: ['user'] });
    if (!stored) return 'invalid' as const;
    const user = stored.user;
    // Revoked by a logout, not by a rotation: simply no longer valid.
    if (stored.revokedAt && stored.replacedById === null) return 'invalid' as const;
    // Claim the token atomically: of two concurrent refreshes, only one rotates it.
    const claimed = stored.revokedAt ? 0 : await tx.nativeUpdate(RefreshToken, { id: stored.id, revokedAt: null }, { revokedAt: now });
    if (!claimed) {
      await tx.nativeUpdate(RefreshToken, { familyId: stored.familyId, revokedAt: null }, { revokedAt: now });
      recordAudit(tx, {
        action: 'auth.token_reuse',
        at: now,
        actorId: user.id,
        targetType: 'user',
        targetId: user.id,
        ip,
        details: { familyId: stored.familyId },
      });
      return 'reused' as const;
    }
    if (stored.expiresAt <= now || !user.active || user.deletedAt) return 'invalid' as const;
    const session = await startSession(tx, services, user, stored.familyId);
    await tx.flush();
    const next = await tx.findOneOrFail(RefreshToken, { tokenHash: hashRefreshToken(session.refreshToken) });
    await tx.nativeUpdate(RefreshToken, { id: stored.id }, { replacedById: next.id });
    return session;
  });
  if (typeof outcome === 'string') throw invalidRefresh();
  return outcome;
}

/** Revokes the token's whole family (the session it belongs to). Unknown tokens are ignored. */
export async function endSession(em: SqlEntityManager, services: Services, token: string): Promise<void> {
  const stored = await em.findOne(RefreshToken, { tokenHash: hashRefreshToken(token) });
  if (stored) await em.nativeUpdate(RefreshToken, { familyId: stored.familyId, revokedAt: null }, { revokedAt: services.clock() });
}

/**
 * Revokes every live refresh token of the account and returns how many. Its access tokens live on
 * until they expire, but the guard re-reads the role, the active flag and the deletion on every request.
 */
export function revokeSessions(em: SqlEntityManager, userId: number, now: Date): Promise<number> {
  return em.nativeUpdate(RefreshToken, { user: userId, revokedAt: null }, { revokedAt: now });
}
