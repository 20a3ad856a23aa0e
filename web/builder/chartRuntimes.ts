// Charts compiled once per shape. Drawing a chart's Vega-Lite spec takes three steps before Vega
// runs it: Vega-Lite compiles it to a Vega spec, Vega parses that into a dataflow description (its
// runtime spec: operators, and every expression already written out as JavaScript), and the view
// builds the dataflow and runs it. The first two depend only on the chart's shape, not on its rows
// (dataset `table`, given to the view), and were over half the time a board spent drawing its
// charts; the same board opened again, refreshed or cross-filtered has the same shapes.
//
// So their result is kept by the spec it was made from: in memory, and in localStorage, so that a
// board opened in a new page finds its charts compiled too (app/keptInStorage.ts: the forty most
// recently used). Nothing of vega is imported here: logging out, which forgets them
// all (`chartRuntimes.forget`), needs none of it. localStorage holds no rows, only what the chart
// spec says: fields, titles, formats.

import { browserStorage } from '../app/browserStorage.ts';
import { KeptInStorage, type Later, type Storage } from '../app/keptInStorage.ts';

/** A board has at most a few dozen charts; each entry is some tens of kilobytes of a few megabytes allowed. */
const keptShapes = 40;

/** One page's runtimes: in memory, and in `storage` beside those of earlier pages. */
export class ChartRuntimes {
  private readonly kept: KeptInStorage;

  /** `later` writes to storage when the page is idle, so that a chart on its way to the screen does not wait for it. */
  constructor(storage: Storage | null, later?: Later) {
    this.kept = new KeptInStorage('hbi.chartRuntime.', storage, keptShapes, later);
  }

  /**
   * What `make` makes of `input` (a JSON-able value), as a fresh copy on every call (Vega may
   * change what it is given): made once for each input and `version` of the code that makes it.
   */
  async get<T>(input: unknown, version: string, make: () => T | Promise<T>): Promise<T> {
    const key = JSON.stringify(input);
    let output = this.kept.find(key, version);
    if (output === null) {
      output = JSON.stringify(await make());
      this.kept.keep(key, output, version);
    }
    return JSON.parse(output) as T;
  }

  /** Empties what is kept, in memory and in storage (on logging out or in). */
  forget(): void {
    this.kept.forget();
  }
}

/** This page's runtimes, kept in localStorage. */
export const chartRuntimes = new ChartRuntimes(browserStorage());
