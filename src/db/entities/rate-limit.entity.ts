import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * A rate-limit counter, written and read only by rate-limiter-flexible's SQL stores
 * (`src/http/database-rate-limit.ts`) with the columns they expect: the key, the points consumed in
 * the window and when the window ends (epoch milliseconds). Declared here so the migrations create
 * it, on every database, before any process counts.
 */
export const RateLimitCounter = defineEntity({
  name: 'RateLimitCounter',
  tableName: 'rate_limits',
  properties: {
    key: p.string().length(255).primary(),
    points: p.integer().default(0),
    expire: p.bigint('number').nullable(),
  },
});

export type RateLimitCounter = InferEntity<typeof RateLimitCounter>;
