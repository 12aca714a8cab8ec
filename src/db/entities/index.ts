import { AuditEvent } from './audit-event.entity.ts';
import { Content } from './content.entity.ts';
import { RefreshToken } from './refresh-token.entity.ts';
import { Setting } from './setting.entity.ts';
import { User } from './user.entity.ts';

/** Every entity, listed explicitly so bundles need no folder discovery. */
export const ENTITIES = [Setting, User, RefreshToken, AuditEvent, Content];

export { AuditEvent, Content, RefreshToken, Setting, User };
export { CONTENT_STATUSES, CONTENT_TYPES, type ContentStatus, type ContentType } from './content.entity.ts';
export { ROLES, type Role } from './user.entity.ts';
