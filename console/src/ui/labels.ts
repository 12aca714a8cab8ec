/** Catalogue keys for the API's enumerations, typed by the generated schema: a new value breaks the build. */
import type { Schemas } from '../api/client.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import type { Option } from './field.tsx';

export const ROLE_LABEL: Record<Schemas['User']['role'], MessageKey> = {
  admin: 'role.admin',
  editor: 'role.editor',
  member: 'role.member',
};
export const STATUS_LABEL: Record<Schemas['Content']['status'], MessageKey> = {
  draft: 'status.draft',
  published: 'status.published',
  archived: 'status.archived',
};
export const TYPE_LABEL: Record<Schemas['Content']['type'], MessageKey> = { post: 'type.post', page: 'type.page', article: 'type.article' };

/** Select options from a value -> catalogue key map, in the map's order. */
export function labelled<V extends string>(labels: Record<V, MessageKey>): Option<V>[] {
  return (Object.entries(labels) as [V, MessageKey][]).map(([value, key]) => ({ value, label: t(key) }));
}
