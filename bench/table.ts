/** One line of the `npm run bench` table: a measured figure beside its target. */
export interface BenchRow {
  name: string;
  value: string;
  target: string;
  /** Whether the figure meets the target; null when there is no target. */
  ok: boolean | null;
}

export function printTable(rows: BenchRow[]): string {
  const head = ['benchmark', 'measured', 'target', 'meets'];
  const body = rows.map((r) => [r.name, r.value, r.target, r.ok === null ? '-' : r.ok ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
