// 数据覆盖至: how far the data a board reads goes, as a day. The time of the last load says when
// data arrived, not what it covers: a load at 01:00 today may hold rows up to yesterday, or up to
// last week when an extract lags. Each time dimension the board's metrics count by is asked its
// latest day with rows, through the governed query (so with the reader's own access).
import { useQueries, useQueryClient } from '@tanstack/react-query';
import type { Catalogue, DashboardDefinition, MetricQuery } from '../api/types.ts';
import { metricQueryResult } from '../api/useMetricQuery.ts';

/** One query per time dimension the board's metrics use: the latest day holding rows of the first such metric. */
export function coverageQueries(definition: DashboardDefinition, catalogue: Catalogue | undefined): { timeDimension: string; metric: string; query: MetricQuery }[] {
  if (!catalogue) return [];
  const byName = new Map(catalogue.metrics.map((m) => [m.name, m]));
  const seen = new Map<string, string>();
  for (const tile of definition.tiles) {
    if (tile.kind !== 'chart') continue;
    for (const name of tile.chart.query.metrics) {
      const metric = byName.get(name.split('@')[0]!);
      if (metric?.timeDimension && !seen.has(metric.timeDimension)) seen.set(metric.timeDimension, metric.name);
    }
  }
  return [...seen].map(([timeDimension, metric]) => ({
    timeDimension, metric,
    query: { metrics: [metric], dimensions: ['time'], grain: 'day', order: [{ by: 'time', desc: true }], limit: 1 },
  }));
}

export type DataCoverage = {
  /** The earliest of the latest days: every source the board reads covers at least up to it. */
  upTo: string;
  /** Each source's latest day, by the metric asked for it, when they differ. */
  sources: { metric: string; day: string }[];
};

/** The latest day of each answer; null until every one has come (or none has rows). */
export function coverageOf(answers: ({ metric: string; day: string | null } | undefined)[]): DataCoverage | null {
  if (answers.length === 0 || answers.some((a) => a === undefined)) return null;
  const sources = answers.flatMap((a) => (a!.day ? [{ metric: a!.metric, day: a!.day }] : []));
  if (sources.length === 0) return null;
  const upTo = sources.map((s) => s.day).sort()[0]!;
  return { upTo, sources: sources.every((s) => s.day === upTo) ? [] : sources.sort((a, b) => a.day.localeCompare(b.day)) };
}

export function useDataCoverage(definition: DashboardDefinition, catalogue: Catalogue | undefined, enabled: boolean): DataCoverage | null {
  const client = useQueryClient();
  const asked = coverageQueries(definition, catalogue);
  const results = useQueries({
    queries: asked.map((a) => ({ ...metricQueryResult(client, a.query), enabled })),
  });
  return coverageOf(asked.map((a, i) => {
    const data = results[i]?.data;
    if (!data) return undefined;
    const day = data.rows[0]?.['time'];
    return { metric: a.metric, day: typeof day === 'string' ? day : null };
  }));
}
