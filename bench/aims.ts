/**
 * The aims of issue 12, as ratios to the bare baseline measured in the same run. The table prints
 * them beside each ratio; nothing asserts them.
 */
import type { BenchDbType } from './databases.ts';
import type { Aim } from './report.ts';

const atLeast = (ratio: number): Aim => ({ kind: 'min', ratio });
const atMost = (ratio: number): Aim => ({ kind: 'max', ratio });

export const AIMS = {
  /** A public read by slug, slugs drawn at random: the ORM-free path is what SQLite leaves to the app. */
  slugRead: { sqlite: atLeast(0.6), mariadb: atLeast(0.85), postgresql: atLeast(0.85) } satisfies Record<BenchDbType, Aim>,
  /** A random page of the list with its total. */
  listPage: atLeast(0.8),
  health: atLeast(0.8),
  ready: atLeast(0.75),
  contentCreation: atLeast(0.7),
  /** Spawn to the first 200 from /health/ready, the bundle against the bare server. */
  bundleColdStart: atMost(1.3),
  /** A fresh process to the first answered invocation, against a bare handler with the same driver. */
  lambdaColdStart: atMost(2.5),
  /** Resident memory after the loads. */
  rss: atMost(1.5),
} as const;
