import { expect, it } from 'vitest';
import { renderChart } from './renderChart.ts';

// The charts' tests assert `messages` is empty: that only means something if warnings land there.
it('collects the warnings of Vega-Lite', async () => {
  const chart = await renderChart({ data: { values: [{ a: 1 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'quantitative' }, shape: { field: 'a', type: 'nominal' } } });
  expect(chart.messages).toEqual([expect.stringContaining('shape')]);
});
