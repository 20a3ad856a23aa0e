import type { DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedChart } from '../../api/types.ts';
import { useCharts } from '../../api/useCharts.ts';
import { chartDragType, kpiDragType } from './BoardGrid.tsx';

/**
 * The user's saved charts, to put on the board: dragged onto the grid (HTML drag and drop, which
 * react-grid-layout takes from outside), or added with the ＋ button from the mouse or keyboard.
 * 新建图表 builds one in place (`onNewChart`: the builder in a dialog), which then joins the board.
 */
export function ChartPalette({ onAdd, onNewChart }: { onAdd: (chart: SavedChart) => void; onNewChart: () => void }) {
  const { t } = useTranslation();
  const charts = useCharts();
  const onDragStart = (event: DragEvent<HTMLElement>, chart: SavedChart) => {
    event.dataTransfer.setData(chartDragType, chart.id);
    event.dataTransfer.setData('text/plain', chart.name);
    if (chart.config.chart.type === 'kpi') event.dataTransfer.setData(kpiDragType, chart.id);
    event.dataTransfer.effectAllowed = 'copy';
  };

  let body;
  if (charts.isError) body = <p role="alert" className="error-text">{t('dashboardEditor.palette.failed', { message: charts.error.message })}</p>;
  else if (charts.isPending) body = <p role="status" className="muted">{t('dashboardEditor.palette.loading')}</p>;
  else if (charts.data.charts.length === 0) body = <p className="muted">{t('dashboardEditor.palette.empty')}</p>;
  else {
    body = (
      <ul className="palette-list" aria-label={t('dashboardEditor.palette.listLabel')}>
        {charts.data.charts.map((chart) => (
          <li key={chart.id} className="palette-item">
            <span className="palette-chart" draggable onDragStart={(e) => onDragStart(e, chart)} title={chart.description || chart.name}>
              <span className="palette-name">{chart.name}</span>
              <span className="palette-type">{t(`builder.types.${chart.config.chart.type}`, { defaultValue: chart.config.chart.type })}</span>
            </span>
            <button type="button" className="palette-add" aria-label={t('dashboardEditor.palette.add', { name: chart.name })} onClick={() => onAdd(chart)}>
              <span aria-hidden="true">＋</span>
            </button>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <aside className="chart-palette" aria-labelledby="chart-palette-heading">
      <h3 id="chart-palette-heading">{t('dashboardEditor.palette.heading')}</h3>
      <p className="muted palette-hint">{t('dashboardEditor.palette.hint')}</p>
      {body}
      <button type="button" className="palette-new" onClick={onNewChart}>
        {t('dashboardEditor.palette.newChart')}
      </button>
    </aside>
  );
}
