import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** A site setting: one typed JSON value per key (booleans stay booleans). */
export const Setting = defineEntity({
  name: 'Setting',
  tableName: 'settings',
  properties: {
    key: p.string().length(100).primary(),
    value: p.json<unknown>().nullable(),
    description: p.text().nullable(),
    encrypted: p.boolean().default(false),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export type Setting = InferEntity<typeof Setting>;
