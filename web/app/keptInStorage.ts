// Work the browser keeps from one page to the next: in memory, and in a Web Storage area (local or
// session). Each entry sits under a key of its own (a hash names it; the input itself is kept and
// compared on reading), with an index in use order that drops the oldest beyond a limit. Writing
// to storage waits for an idle moment, so that what is on its way to the screen does not wait for it.
import { whenIdle } from './whenIdle.ts';

export type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;
type Stored = { version: string; input: string; output: string };
/** Runs work later, when the page has nothing better to do. */
export type Later = (work: () => void) => void;

/** A name for an entry: FNV-1a over its input. Two inputs of one name take each other's place; the input kept in the entry is compared in full, so neither is mistaken for the other. */
function nameOf(input: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) hash = Math.imul(hash ^ input.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

export class KeptInStorage {
  private readonly kept = new Map<string, string>();
  private readonly indexKey: string;

  /**
   * Entries under keys starting `prefix` in `storage` (null: in memory only), at most `limit` of
   * them; `later` writes to storage when the page is idle.
   */
  constructor(
    private readonly prefix: string,
    private readonly storage: Storage | null,
    private readonly limit: number,
    private readonly later: Later = (work) => void whenIdle(work),
  ) {
    this.indexKey = `${prefix}index`;
  }

  /** What was kept for `input` by the code of `version` (in this page, or an earlier one), or null. */
  find(input: string, version: string): string | null {
    const output = this.kept.get(input) ?? this.read(input, version);
    if (output !== null) this.use(input, output);
    return output;
  }

  /** Keeps `output` for `input`: at once in memory, in storage when the page is idle. */
  keep(input: string, output: string, version: string): void {
    this.use(input, output);
    const storage = this.storage;
    if (storage) this.later(() => this.store(input, output, version, storage));
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
        if (key?.startsWith(this.prefix)) keys.push(key);
      }
      for (const key of keys) storage.removeItem(key);
    } catch {
      // Refused: nothing was kept.
    }
  }

  /** In memory, in use order, so that the oldest go first. */
  private use(input: string, output: string): void {
    this.kept.delete(input);
    this.kept.set(input, output);
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= this.limit) break;
      this.kept.delete(oldest);
    }
  }

  private readIndex(storage: Storage): string[] {
    try {
      const index = JSON.parse(storage.getItem(this.indexKey) ?? '[]') as unknown;
      return Array.isArray(index) ? index.filter((name): name is string => typeof name === 'string') : [];
    } catch {
      return [];
    }
  }

  private read(input: string, version: string): string | null {
    if (!this.storage) return null;
    try {
      const stored = JSON.parse(this.storage.getItem(this.prefix + nameOf(input)) ?? 'null') as Stored | null;
      return stored?.version === version && stored.input === input ? stored.output : null;
    } catch {
      return null;
    }
  }

  private store(input: string, output: string, version: string, storage: Storage): void {
    const name = nameOf(input);
    const index = [name, ...this.readIndex(storage).filter((n) => n !== name)];
    for (const old of index.splice(this.limit)) storage.removeItem(this.prefix + old);
    const entry = JSON.stringify({ version, input, output } satisfies Stored);
    // When storage is full, the oldest entries make room; when nothing else is left, it is not kept.
    for (;;) {
      try {
        storage.setItem(this.prefix + name, entry);
        storage.setItem(this.indexKey, JSON.stringify(index));
        return;
      } catch {
        const oldest = index.length > 1 ? index.pop() : undefined;
        if (oldest === undefined) return;
        storage.removeItem(this.prefix + oldest);
      }
    }
  }
}
