import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TopLevelSpec } from 'vega-lite';
import type { View } from 'vega';

/**
 * Draws a Vega-Lite spec with vega-embed, as SVG (so that every mark carries the aria-label
 * Vega-Lite writes, for screen readers and tests) and without vega-embed's action menu: the
 * builder has its own export buttons, which get the view through `onView`.
 */
export function VegaChart({ spec, label, onView }: { spec: TopLevelSpec; label: string; onView: (view: View | null) => void }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let view: View | null = null;
    let cancelled = false;
    setError(null);
    // vega-embed is large; loaded with the first chart, not with the app.
    void import('vega-embed')
      // The chart builders leave size to the page: here, the chart area's width.
      .then(({ default: embed }) => embed(element, { width: 'container', height: 360, autosize: { type: 'fit', contains: 'padding' }, ...spec } as TopLevelSpec, { actions: false, renderer: 'svg' }))
      .then((result) => {
        if (cancelled) return result.finalize();
        view = result.view;
        onView(view);
      })
      .catch((cause: unknown) => {
        if (!cancelled) setError(cause instanceof Error ? cause.message : String(cause));
      });
    return () => {
      cancelled = true;
      view?.finalize();
      onView(null);
    };
  }, [spec, onView]);
  return (
    <>
      {error && <p role="alert" className="error-text">{t('builder.chart.drawFailed', { message: error })}</p>}
      <div ref={container} className="vega-chart" role="figure" aria-label={label} />
    </>
  );
}
