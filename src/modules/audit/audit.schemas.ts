/** Request and response schemas of GET /api/v1/audit. */
import { z } from '@hono/zod-openapi';

import { instant, pageQuery, positiveInt, text } from '../../http/fields.ts';
import { AUDIT_ACTIONS } from './audit.service.ts';

export const AuditItem = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime(),
    actorId: z.number().int().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('AuditEvent');

export const AuditQuery = z
  .object({
    ...pageQuery,
    action: z.enum(AUDIT_ACTIONS).optional(),
    actorId: positiveInt().optional().openapi({ description: 'Events by this user' }),
    targetType: text().min(1).max(32).optional().openapi({ description: 'e.g. user, content, settings' }),
    targetId: text().min(1).max(64).optional().openapi({ description: 'The target id, as recorded' }),
    from: instant().optional().openapi({ description: 'At or after this instant (ISO 8601)' }),
    to: instant().optional().openapi({ description: 'Before this instant (ISO 8601, exclusive)' }),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { path: ['to'], message: 'Must be after from' });

export type AuditFilter = z.infer<typeof AuditQuery>;

export type AuditView = z.infer<typeof AuditItem>;
