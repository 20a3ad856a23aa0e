import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TopLevelSpec } from 'vega-lite';
import type { View } from 'vega';
import { whenIdle } from '../app/whenIdle.ts';
import { chartPictures, uniqueIds } from './chartPictures.ts';
import { loadChartDrawing } from './loadChartDrawing.ts';

/**
 * Draws a Vega-Lite spec (chartDrawing: compiled once per shape) as SVG, so that every mark
 * carries the aria-label Vega-Lite writes, for screen readers and tests. The builder's export
 * buttons get the view through `onView`. With `onSelect`, a
 * click on a mark hands over the data tuple it draws (a board's cross-filter and drill-down).
 *
 * A new spec that differs from the drawn one only in its rows (dataset `table`: a board's tiles
 * after a filter or cross-filter, a refresh) and the values of its top-level parameters (a tile's
 * picked marks) goes into the drawn view as new data and signals, which Vega redraws in a few
 * milliseconds; any other change compiles and embeds the spec afresh.
 *
 * A chart this tab drew before with the same spec at the same width shows its picture
 * (chartPictures.ts) at once, until its view is drawn; each drawing is kept as its picture when the
 * page is idle.
 */
export function VegaChart({ spec, label, onView, onSelect, height = 360 }: {
  spec: TopLevelSpec;
  label: string;
  onView: (view: View | null) => void;
  onSelect?: (datum: Record<string, unknown>) => void;
  /** The plot's height in pixels (a board's tile gives its own). */
  height?: number;
}) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  // Read when clicked, so that a new handler does not draw the chart again.
  const select = useRef(onSelect);
  useLayoutEffect(() => {
    select.current = onSelect;
  });
  const selectable = onSelect !== undefined;
  // The spec as drawn, with its rows left out: the shape a new spec's rows can be poured into.
  const drawnShape = useRef<string | null>(null);
  const drawnView = useRef<View | null>(null);
  const shape = useMemo(() => JSON.stringify({
    ...spec, height, selectable,
    data: { name: tableOf(spec) ? 'table' : null },
    params: ((spec as { params?: { name: string; value?: unknown }[] }).params ?? []).map((p) => ('value' in p ? p.name : p)),
  }), [spec, height, selectable]);
  const latest = useRef(spec);
  latest.current = spec;
  // The spec as last drawn (sized), whose picture is kept once the page is idle unless another drawing came first.
  const drawnSpec = useRef<TopLevelSpec | null>(null);
  const keepPicture = (element: HTMLElement, sized: TopLevelSpec) => {
    drawnSpec.current = sized;
    whenIdle(() => {
      if (drawnSpec.current === sized && element.isConnected) chartPictures.keep(sized, element.clientWidth, element.innerHTML);
    });
  };
  useEffect(() => {
    const view = drawnView.current;
    const element = container.current?.firstElementChild;
    if (!view || drawnShape.current !== shape || !(element instanceof HTMLElement)) return;
    let current = true;
    void pour(view, spec).then(() => {
      if (!current) return;
      if (selectable) focusableMarks(element);
      keepPicture(element, sizedSpec(spec, height));
    });
    return () => {
      current = false;
    };
  }, [spec, shape, selectable]);
  // Before the browser paints, so that a kept picture shows in the page's first frame.
  useLayoutEffect(() => {
    const outer = container.current;
    if (!outer) return;
    // Each drawing gets an element of its own: an earlier drawing still loading when the spec
    // changed (or when React runs the effect twice in development) finishes into a detached
    // element, rather than over this one with a finalized view that no longer hears clicks.
    const element = document.createElement('div');
    outer.replaceChildren(element);
    let view: View | null = null;
    let cancelled = false;
    setError(null);
    const sized = sizedSpec(spec, height);
    const picture = showPicture(element, sized);
    void loadChartDrawing()
      .then(({ drawChart }) => drawChart(element, sized, tableOf(spec)))
      .then((drawn) => {
        if (cancelled) return drawn.finalize();
        view = drawn;
        drawnView.current = view;
        drawnShape.current = shape;
        // Rows and parameters that came while it was being drawn.
        if (latest.current !== spec) void pour(view, latest.current).then(() => keepPicture(element, sizedSpec(latest.current, height)));
        else keepPicture(element, sized);
        if (selectable) {
          view.addEventListener('click', (_event, item) => {
            const datum = pickedDatum(item);
            if (datum) select.current?.(datum);
          });
          focusableMarks(element);
          view.addResizeListener(() => focusableMarks(element));
        }
        onView(view);
        // Once the view hears clicks: one made on the picture is handed to it.
        picture?.reveal();
      })
      .catch((cause: unknown) => {
        picture?.reveal();
        if (!cancelled) setError(cause instanceof Error ? cause.message : String(cause));
      });
    return () => {
      cancelled = true;
      view?.finalize();
      drawnView.current = null;
      drawnShape.current = null;
      onView(null);
    };
    // The spec itself is read when the shape changes: a change of rows alone is the effect above's.
  }, [shape, onView]);

  // From the keyboard: Enter or Space on a focused mark selects it, as a click does.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!selectable || (event.key !== 'Enter' && event.key !== ' ')) return;
    const datum = pickedDatum((event.target as Element & { __data__?: unknown }).__data__);
    if (!datum) return;
    event.preventDefault();
    select.current?.(datum as Record<string, unknown>);
  };
  return (
    <>
      {error && <p role="alert" className="error-text">{t('builder.chart.drawFailed', { message: error })}</p>}
      <div ref={container} className={selectable ? 'vega-chart vega-selectable' : 'vega-chart'} role="figure" aria-label={label} onKeyDown={selectable ? onKeyDown : undefined} />
    </>
  );
}

type SceneItem = { datum?: unknown; mark?: { marktype?: string } } | null | undefined;

/**
 * The data tuple of a mark that stands for one value: a bar, point, slice or cell. A line or an
 * area is one mark through every period, whose tuple is only its first point's; its points are
 * drawn as marks of their own for clicking.
 */
function pickedDatum(item: unknown): Record<string, unknown> | null {
  const scene = item as SceneItem;
  const type = scene?.mark?.marktype;
  if (type === 'line' || type === 'area' || !scene?.datum || typeof scene.datum !== 'object') return null;
  return scene.datum as Record<string, unknown>;
}

/** Marks a click selects take the keyboard's focus too (Vega names each with its values in aria-label). */
function focusableMarks(element: HTMLElement) {
  for (const mark of element.querySelectorAll('svg [role="graphics-symbol"]')) {
    if (!mark.hasAttribute('tabindex') && pickedDatum((mark as Element & { __data__?: unknown }).__data__)) mark.setAttribute('tabindex', '0');
  }
}

/** The spec at the page's size: the chart builders leave width to the chart area, and height to the tile or page. */
function sizedSpec(spec: TopLevelSpec, height: number): TopLevelSpec {
  return { width: 'container', height, autosize: { type: 'fit', contains: 'padding' }, ...spec } as TopLevelSpec;
}

/**
 * Shows the tab's picture of `sized`, when it was drawn at `element`'s width, in `element`'s place
 * (`element` stays on the page, hidden, for the view to be drawn into) until `reveal`, which takes
 * the picture away and hands a click made on it to the view.
 */
function showPicture(element: HTMLElement, sized: TopLevelSpec): { reveal(): void } | null {
  const kept = chartPictures.find(sized);
  if (!kept || element.clientWidth !== kept.width) return null;
  const picture = document.createElement('div');
  picture.className = 'vega-picture';
  picture.setAttribute('aria-hidden', 'true');
  picture.innerHTML = uniqueIds(kept.markup);
  let click: MouseEvent | null = null;
  picture.addEventListener('click', (event) => (click = event));
  element.classList.add('vega-drawing');
  // Added once every chart of the render has read its width, so that the page is laid out once.
  queueMicrotask(() => {
    if (element.isConnected) element.after(picture);
  });
  return {
    reveal() {
      if (!picture.isConnected) return;
      picture.remove();
      element.classList.remove('vega-drawing');
      if (!click) return;
      const target = document.elementFromPoint(click.clientX, click.clientY);
      if (target && element.contains(target)) target.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: click.clientX, clientY: click.clientY }));
    },
  };
}

/** The spec's top-level parameters with a value (not selections). */
function paramsOf(spec: TopLevelSpec): { name: string; value: unknown }[] {
  return ((spec as { params?: { name: string; value?: unknown }[] }).params ?? []).filter((p): p is { name: string; value: unknown } => 'value' in p);
}

/** `spec`'s rows and parameter values into `view`, drawn from a spec of the same shape. */
function pour(view: View, spec: TopLevelSpec): Promise<View> {
  const rows = tableOf(spec);
  if (rows) view.data('table', rows);
  for (const param of paramsOf(spec)) view.signal(param.name, param.value);
  return view.runAsync();
}

/** The rows of the spec's dataset `table` (see chartSpec), if it has one. */
function tableOf(spec: TopLevelSpec): Record<string, unknown>[] | null {
  const data = (spec as { data?: { name?: string; values?: unknown } }).data;
  return data?.name === 'table' && Array.isArray(data.values) ? data.values as Record<string, unknown>[] : null;
}
