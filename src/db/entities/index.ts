import { AuditEvent } from './audit-event.entity.ts';
import { ContactMessage } from './contact-message.entity.ts';
import { Content } from './content.entity.ts';
import { RateLimitCounter } from './rate-limit.entity.ts';
import { RefreshToken } from './refresh-token.entity.ts';
import { Setting } from './setting.entity.ts';
import { User } from './user.entity.ts';
import { UserPreferences } from './user-preferences.entity.ts';
import { UserToken } from './user-token.entity.ts';

/** Every entity, listed explicitly so bundles need no folder discovery. */
export const ENTITIES = [Setting, User, UserPreferences, UserToken, RefreshToken, AuditEvent, Content, ContactMessage, RateLimitCounter];

export { AuditEvent, ContactMessage, Content, RefreshToken, Setting, User, UserPreferences, UserToken };
export { CONTENT_STATUSES, CONTENT_TYPES, type ContentStatus, type ContentType } from './content.entity.ts';
export { type Role, ROLES } from './user.entity.ts';
export { type Language, LANGUAGES, THEMES } from './user-preferences.entity.ts';
export { type TokenPurpose } from './user-token.entity.ts';
