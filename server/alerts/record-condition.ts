// A record rule applied to the rows behind its metric: a pure function from rows to one outcome per
// late row (its delay in minutes; breaching until it is handled), and per row already alerting that
// is no longer late. Rows that were never late make no alert. Patient identifiers never enter an
// outcome: columns tagged PII are left out of what an alert shows.
import { groupKey, type RecordWatch } from './alert-rule.ts';
import type { Cell, GroupOutcome } from './condition.ts';

export interface RecordOutcome extends GroupOutcome {
  /** The row's shown columns, patient identifiers left out. */
  record: Record<string, Cell>;
}

/** Warehouse timestamps are the hospital's wall clock without a zone: read both ends alike. */
const minutesOf = (cell: Cell | undefined): number | null => {
  if (typeof cell !== 'string') return null;
  const ms = Date.parse(`${cell.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? null : ms / 60_000;
};

export function evaluateRecords(
  watch: RecordWatch,
  rows: Record<string, Cell>[],
  columns: { name: string; pii?: string }[],
  alerting: ReadonlySet<string> = new Set(),
): RecordOutcome[] {
  const patientColumns = new Set(columns.filter((c) => c.pii).map((c) => c.name));
  const shown = (watch.show ?? []).filter((c) => !patientColumns.has(c));
  const { from, to, minutes } = watch.late;
  return rows.flatMap((row): RecordOutcome[] => {
    const group = { [watch.key]: row[watch.key] as string | number | null, department: row[watch.department] as string | number | null };
    const key = groupKey({ [watch.key]: group[watch.key]! });
    const start = minutesOf(row[from]);
    const end = minutesOf(row[to]);
    // Without its start, a row's delay is unknown; not notified at all is late.
    const delay = start === null || end === null ? null : end - start;
    const late = start !== null && (delay === null || delay > minutes);
    if (!late && !alerting.has(key)) return [];
    const handled = watch.handled !== undefined && row[watch.handled] !== null && row[watch.handled] !== undefined;
    return [{
      key, group, value: delay === null ? null : Math.round(delay * 10) / 10, threshold: { above: minutes },
      status: late && !handled ? 'breaching' : 'ok',
      record: Object.fromEntries(shown.map((c) => [c, row[c] ?? null])),
    }];
  });
}
