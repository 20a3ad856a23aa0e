import { useMemo } from 'react';
import type { TileChart } from '../../api/types.ts';
import { builderStateOf, chartConfigOf } from '../../builder/builderQuery.ts';
import { ChartView } from '../../builder/ChartView.tsx';
import { chartTypes, type ChartType } from '../../charts/chartConfig.ts';
import { useLanguage } from '../../i18n/useLanguage.ts';

const noView = () => {};
const isChartType = (value: unknown): value is ChartType => typeof value === 'string' && (chartTypes as readonly string[]).includes(value);

/**
 * A chart tile as the editor shows it: the tile's own query, without the board's filters, drawn
 * by the builder's ChartView (the same drawing as the builder, the same cache of answers). The
 * config goes through the builder's reading of saved charts, so older charts open the same way.
 */
export function TilePreview({ chart, label, height }: { chart: TileChart; label: string; height: number }) {
  const language = useLanguage();
  const config = useMemo(() => {
    const state = builderStateOf(chart);
    return chartConfigOf(state, isChartType(chart.chart.type) ? chart.chart.type : 'table', language);
  }, [chart, language]);
  return <ChartView query={chart.query} config={config} label={label} onView={noView} height={height} />;
}
