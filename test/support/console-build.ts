/**
 * Vitest's global setup: builds the console into dist/console/ before the suites run when it is
 * missing or older than its sources (console/build.ts), so every suite that serves /admin/ (in
 * process, real servers, Passenger app roots that copy it) finds the current build.
 */
import { buildConsole, consoleBuildIsCurrent, describeBuild } from '../../console/build.ts';

export default async function setup(): Promise<void> {
  if (consoleBuildIsCurrent()) return;
  console.info(describeBuild(await buildConsole()));
}
