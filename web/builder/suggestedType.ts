// The builder's fields, described the way `suggestChart` (智能图表) reads them: dimension types
// from the catalogue, value counts from the result once it is there, units from the metrics.
import type { Catalogue, QueryResult } from '../api/types.ts';
import type { ChartType } from '../charts/chartConfig.ts';
import { suggestChart, type ChartFields } from '../charts/suggestChart.ts';
import { timeDimension, usesTime, type BuilderState } from './builderState.ts';

export function suggestionFields(state: BuilderState, catalogue: Catalogue, result: QueryResult | undefined): ChartFields {
  const dimensions = [state.x, state.series].flatMap((name) => {
    if (name === null) return [];
    const type = name === timeDimension ? 'date' : (catalogue.dimensions.find((d) => d.name === name)?.type ?? 'string');
    const distinct = result && result.columns.some((c) => c.name === name) ? new Set(result.rows.map((r) => r[name])).size : undefined;
    return [{ name, type, ...(distinct !== undefined ? { distinctValues: distinct } : {}) }];
  });
  const metrics = state.y.map((name) => {
    const metric = catalogue.metrics.find((m) => m.name === name);
    return { name, ...(metric?.unit ? { unit: metric.unit } : {}), ...(metric?.format ? { format: metric.format } : {}) };
  });
  return { dimensions, metrics, ...(usesTime(state) ? { grain: state.grain } : {}) };
}

export function suggestedType(state: BuilderState, catalogue: Catalogue, result: QueryResult | undefined): ChartType {
  return suggestChart(suggestionFields(state, catalogue, result));
}
