/** The results table: app next to bare, their ratio and the aim from the issue. */

export interface Aim {
  /** 'min': app/bare must be at least `ratio` (throughput); 'max': at most (time, memory). */
  kind: 'min' | 'max';
  ratio: number;
}

export interface Row {
  database: string;
  metric: string;
  app: number;
  bare: number;
  unit: string;
  aim?: Aim;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function verdict(row: Row): 'ok' | 'MISS' | '' {
  const ratio = row.app / row.bare;
  if (!row.aim || !Number.isFinite(ratio)) return '';
  return (row.aim.kind === 'min' ? ratio >= row.aim.ratio : ratio <= row.aim.ratio) ? 'ok' : 'MISS';
}

export function formatTable(rows: Row[]): string {
  const header = ['database', 'metric', 'app', 'bare', 'app/bare', 'aim', ''];
  const body = rows.map((r) => [
    r.database,
    r.metric,
    `${format(r.app)} ${r.unit}`,
    `${format(r.bare)} ${r.unit}`,
    Number.isFinite(r.app / r.bare) ? `${(r.app / r.bare).toFixed(2)}x` : 'n/a',
    r.aim ? `${r.aim.kind === 'min' ? '>=' : '<='} ${Number(r.aim.ratio.toFixed(2))}x` : '',
    verdict(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function format(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 1000) return Math.round(value).toString();
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
