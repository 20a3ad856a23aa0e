// The web app's first page: the JavaScript and CSS a browser loads before it shows anything (the
// entry script, the chunks it preloads, the stylesheet), as gzip sends them. Pages opened later
// (the catalogue, the builder, Vega) load on demand and are reported apart.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { BenchContext, BenchFigure } from './run.ts';

const repoRoot = new URL('..', import.meta.url).pathname;

export async function benchWeb(context: BenchContext): Promise<BenchFigure[]> {
  const outDir = join(context.workDir, 'web');
  await build({ configFile: join(repoRoot, 'vite.config.ts'), root: join(repoRoot, 'web'), mode: 'production', build: { outDir, emptyOutDir: true }, logLevel: 'warn' });
  const html = await readFile(join(outDir, 'index.html'), 'utf8');
  const firstPage = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const gzipped = async (file: string) => gzipSync(await readFile(join(outDir, file))).length;
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  let first = 0;
  for (const file of firstPage) first += await gzipped(file);
  let all = 0;
  for (const file of await readdir(join(outDir, 'assets'))) all += await gzipped(join('assets', file));
  return [
    { figure: `web app first page, JS + CSS (${firstPage.length} files, gzip)`, value: kib(first), baseline: '—', ratio: '—' },
    { figure: 'web app, every page incl. Vega and the builder (gzip)', value: kib(all), baseline: '—', ratio: '—' },
  ];
}
