import { AuditEvent } from './audit-event.entity.ts';
import { RefreshToken } from './refresh-token.entity.ts';
import { Setting } from './setting.entity.ts';
import { User } from './user.entity.ts';

/** Every entity, listed explicitly so bundles need no folder discovery. */
export const ENTITIES = [Setting, User, RefreshToken, AuditEvent];

export { AuditEvent, RefreshToken, Setting, User };
export { ROLES, type Role } from './user.entity.ts';
