import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../testing/memoryStorage.ts';
import { ChartRuntimes } from './chartRuntimes.ts';

const now = (work: () => void) => work();

describe('ChartRuntimes', () => {
  it('makes each input once, and hands out copies that may be changed', async () => {
    const runtimes = new ChartRuntimes(null, now);
    let made = 0;
    const make = () => ({ made: ++made, operators: [1, 2] });
    const first = await runtimes.get({ mark: 'bar' }, 'v1', make);
    first.operators.push(3);
    expect(await runtimes.get({ mark: 'bar' }, 'v1', make)).toEqual({ made: 1, operators: [1, 2] });
    expect(await runtimes.get({ mark: 'line' }, 'v1', make)).toEqual({ made: 2, operators: [1, 2] });
  });

  it('finds in storage what an earlier page made, unless the code that made it changed', async () => {
    const storage = memoryStorage();
    let made = 0;
    const make = () => ({ made: ++made });
    await new ChartRuntimes(storage, now).get({ mark: 'bar' }, 'v1', make);
    expect(await new ChartRuntimes(storage, now).get({ mark: 'bar' }, 'v1', make)).toEqual({ made: 1 });
    expect(await new ChartRuntimes(storage, now).get({ mark: 'bar' }, 'v2', make)).toEqual({ made: 2 });
  });

  it('never takes one spec for another that shares its name', async () => {
    const storage = memoryStorage();
    await new ChartRuntimes(storage, now).get({ mark: 'bar' }, 'v1', () => 'bar');
    // Another spec's entry under the same name, as a hash collision would leave it.
    const [name] = [...storage.items.keys()].filter((k) => !k.endsWith('index'));
    storage.setItem(name!, JSON.stringify({ version: 'v1', input: JSON.stringify({ mark: 'line' }), output: JSON.stringify('line') }));
    expect(await new ChartRuntimes(storage, now).get({ mark: 'bar' }, 'v1', () => 'bar again')).toBe('bar again');
  });

  it('keeps the forty last used shapes, dropping the oldest', async () => {
    const storage = memoryStorage();
    const runtimes = new ChartRuntimes(storage, now);
    for (let i = 0; i < 45; i++) await runtimes.get({ chart: i }, 'v1', () => `made ${i}`);
    expect(storage.items.size).toBe(41);
    const page = new ChartRuntimes(storage, now);
    expect(await page.get({ chart: 44 }, 'v1', () => 'again')).toBe('made 44');
    expect(await page.get({ chart: 5 }, 'v1', () => 'again')).toBe('made 5');
    expect(await page.get({ chart: 4 }, 'v1', () => 'again')).toBe('again');
  });

  it('makes room in full storage by dropping the oldest, and does without when nothing fits', async () => {
    const storage = memoryStorage(600);
    const runtimes = new ChartRuntimes(storage, now);
    for (let i = 0; i < 10; i++) await runtimes.get({ chart: i }, 'v1', () => `made ${i}`.padEnd(80, '.'));
    const page = new ChartRuntimes(storage, now);
    expect(await page.get({ chart: 9 }, 'v1', () => 'again')).toBe('made 9'.padEnd(80, '.'));
    expect(await page.get({ chart: 0 }, 'v1', () => 'again')).toBe('again');
    await expect(runtimes.get({ chart: 'huge' }, 'v1', () => 'x'.repeat(1000))).resolves.toBe('x'.repeat(1000));
    expect(await new ChartRuntimes(storage, now).get({ chart: 'huge' }, 'v1', () => 'again')).toBe('again');
  });

  it('writes to storage later, not while the chart is on its way', async () => {
    const storage = memoryStorage();
    const waiting: (() => void)[] = [];
    await new ChartRuntimes(storage, (work) => waiting.push(work)).get({ mark: 'bar' }, 'v1', () => 'made');
    expect(storage.items.size).toBe(0);
    for (const work of waiting) work();
    expect(await new ChartRuntimes(storage, now).get({ mark: 'bar' }, 'v1', () => 'again')).toBe('made');
  });

  it('forgets everything it kept, in memory and in storage, and nothing else', async () => {
    const storage = memoryStorage();
    storage.setItem('hbi.signedIn', '1');
    const runtimes = new ChartRuntimes(storage, now);
    await runtimes.get({ mark: 'bar' }, 'v1', () => 'made');
    runtimes.forget();
    expect([...storage.items.keys()]).toEqual(['hbi.signedIn']);
    expect(await runtimes.get({ mark: 'bar' }, 'v1', () => 'again')).toBe('again');
  });
});
