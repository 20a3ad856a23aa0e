// The saved charts that ask for a metric: by its name, or pinned to one of its versions (alos@2).
import type { SavedChart } from '../api/types.ts';

/**
 * The user's own charts whose query names `metric`. Admins receive every user's charts from the
 * server; this page speaks of "your charts", so others' are left out for them too.
 */
export function chartsUsingMetric(charts: SavedChart[], metric: string, username: string): SavedChart[] {
  return charts.filter(
    (chart) => chart.owner === username && (chart.config.query?.metrics ?? []).some((name) => name.split('@')[0] === metric),
  );
}

/** The version a chart pins the metric to, or null when it follows the current definition. */
export function pinnedVersion(chart: SavedChart, metric: string): number | null {
  const pinned = (chart.config.query?.metrics ?? []).find((name) => name.startsWith(`${metric}@`));
  return pinned ? Number(pinned.slice(metric.length + 1)) : null;
}
