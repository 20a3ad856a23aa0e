// Charts compiled once per shape. Drawing a chart's Vega-Lite spec takes three steps before Vega
// runs it: Vega-Lite compiles it to a Vega spec, Vega parses that into a dataflow description (its
// runtime spec: operators, and every expression already written out as JavaScript), and the view
// builds the dataflow and runs it. The first two depend only on the chart's shape, not on its rows
// (dataset `table`, given to the view), and were over half the time a board spent drawing its
// charts; the same board opened again, refreshed or cross-filtered has the same shapes.
//
// So their result is kept by the spec it was made from: in memory, and in localStorage, so that a
// board opened in a new page finds its charts compiled too. Each entry sits under a key of its own
// (a hash names it; the spec itself is compared on reading), with an index in use order that drops
// the oldest beyond `keptShapes`. Nothing of vega is imported here: logging out, which forgets them
// all (`chartRuntimes.forget`), needs none of it. localStorage holds no rows, only what the chart
// spec says: fields, titles, formats.

import { browserStorage } from '../app/browserStorage.ts';
import { whenIdle } from '../app/whenIdle.ts';

const prefix = 'hbi.chartRuntime.';
const indexKey = `${prefix}index`;
/** A board has at most a few dozen charts; each entry is some tens of kilobytes of a few megabytes allowed. */
const keptShapes = 40;

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;
type Stored = { version: string; input: string; output: string };
/** Runs work later, when the page has nothing better to do. */
type Later = (work: () => void) => void;

/** A name for an entry: FNV-1a over the spec. Two specs of one name take each other's place; the spec kept in the entry is compared in full, so neither is mistaken for the other. */
function nameOf(input: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) hash = Math.imul(hash ^ input.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

function readIndex(storage: Storage): string[] {
  try {
    const index = JSON.parse(storage.getItem(indexKey) ?? '[]') as unknown;
    return Array.isArray(index) ? index.filter((name): name is string => typeof name === 'string') : [];
  } catch {
    return [];
  }
}

function readStored(input: string, version: string, storage: Storage | null): string | null {
  if (!storage) return null;
  try {
    const stored = JSON.parse(storage.getItem(prefix + nameOf(input)) ?? 'null') as Stored | null;
    return stored?.version === version && stored.input === input ? stored.output : null;
  } catch {
    return null;
  }
}

function store(input: string, output: string, version: string, storage: Storage): void {
  const name = nameOf(input);
  const index = [name, ...readIndex(storage).filter((n) => n !== name)];
  for (const old of index.splice(keptShapes)) storage.removeItem(prefix + old);
  const entry = JSON.stringify({ version, input, output } satisfies Stored);
  // When storage is full, the oldest entries make room; when nothing else is left, it is not kept.
  for (;;) {
    try {
      storage.setItem(prefix + name, entry);
      storage.setItem(indexKey, JSON.stringify(index));
      return;
    } catch {
      const oldest = index.length > 1 ? index.pop() : undefined;
      if (oldest === undefined) return;
      storage.removeItem(prefix + oldest);
    }
  }
}

/** One page's runtimes: in memory, and in `storage` beside those of earlier pages. */
export class ChartRuntimes {
  private readonly kept = new Map<string, string>();

  /** `later` writes to storage when the page is idle, so that a chart on its way to the screen does not wait for it. */
  constructor(
    private readonly storage: Storage | null,
    private readonly later: Later = (work) => void whenIdle(work),
  ) {}

  /**
   * What `make` makes of `input` (a JSON-able value), as a fresh copy on every call (Vega may
   * change what it is given): made once for each input and `version` of the code that makes it.
   */
  async get<T>(input: unknown, version: string, make: () => T | Promise<T>): Promise<T> {
    const key = JSON.stringify(input);
    let output = this.kept.get(key) ?? readStored(key, version, this.storage);
    if (output === null || output === undefined) {
      const made = JSON.stringify(await make());
      output = made;
      const storage = this.storage;
      if (storage) this.later(() => store(key, made, version, storage));
    }
    // In use order, so that the oldest go first.
    this.kept.delete(key);
    this.kept.set(key, output);
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= keptShapes) break;
      this.kept.delete(oldest);
    }
    return JSON.parse(output) as T;
  }

  /** Empties what is kept, in memory and in storage (on logging out or in). */
  forget(): void {
    this.kept.clear();
    const storage = this.storage;
    if (!storage) return;
    try {
      const keys: string[] = [];
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key?.startsWith(prefix)) keys.push(key);
      }
      for (const key of keys) storage.removeItem(key);
    } catch {
      // Refused: nothing was kept.
    }
  }
}

/** This page's runtimes, kept in localStorage. */
export const chartRuntimes = new ChartRuntimes(browserStorage());
