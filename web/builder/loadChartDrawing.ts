/** Loads the code that draws charts (Vega, Vega-Lite: most of the app by size), once, on the first chart or a board's first requests. */
export const loadChartDrawing = () => import('./chartDrawing.ts');
