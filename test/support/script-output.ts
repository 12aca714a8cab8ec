/**
 * Every script that acts on a database prints first which one and where that came from
 * (`Database: <url> (<variables and their sources>)`, scripts/cli.ts): the rest of its stdout, once
 * that line was checked to be there.
 */
export function afterDatabaseLine(stdout: string): string {
  const [first, ...rest] = stdout.split('\n');
  if (!/^Database: \S+ \(.+\)$/.test(first)) throw new Error(`expected the "Database: ..." line first, got: ${JSON.stringify(first)}`);
  return rest.join('\n');
}
