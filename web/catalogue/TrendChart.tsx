import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Draws a Vega-Lite spec as SVG with vega-embed. Vega is loaded on first use, so that pages
 * without a chart do not download it. SVG rather than canvas: text stays sharp and selectable,
 * and every point is an element with its own accessible label.
 */
export function TrendChart({ spec }: { spec: TopLevelSpec }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [drawn, setDrawn] = useState(false);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let finished = false;
    let finalize: (() => void) | null = null;
    setFailure(null);
    setDrawn(false);
    // AST and interpreter: the page's Content-Security-Policy allows no eval (web/builder/chartDrawing.ts).
    Promise.all([import('vega-embed'), import('vega-interpreter')])
      .then(([{ default: embed }, { expressionInterpreter }]) => embed(element, spec, { renderer: 'svg', actions: false, ast: true, expr: expressionInterpreter }))
      .then((result) => {
        if (finished) result.finalize();
        else {
          finalize = result.finalize;
          setDrawn(true);
        }
      })
      .catch((error: unknown) => {
        if (!finished) setFailure(error instanceof Error ? error.message : String(error));
      });
    return () => {
      finished = true;
      finalize?.();
    };
  }, [spec]);

  return (
    <>
      <div ref={container} className="trend-chart" aria-busy={!drawn && failure === null} />
      {failure !== null && (
        <p role="alert" className="notice notice-error">
          {t('metric.trend.drawFailed', { message: failure })}
        </p>
      )}
    </>
  );
}
