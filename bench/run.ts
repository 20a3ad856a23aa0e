// `npm run bench`: measured figures, each reported beside its baseline or goal.
// Run all: npm run bench; some: npm run bench -- generate load metrics
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchGeneration, generateScale1 } from './generation.ts';
import { benchLoading } from './loading.ts';
import { benchMetrics } from './metrics.ts';
import { benchServer } from './server.ts';
import { benchWeb } from './web.ts';
import { benchBrowser } from './browser.ts';
import { benchAlerts } from './alerts.ts';
import { benchQuestions } from './questions.ts';
import { benchAnalysis } from './analysis.ts';

export interface BenchFigure {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
}

export interface BenchContext {
  workDir: string;
  /** The scale-1 hospital's extracts folder, generated once per run. */
  scale1Extracts(): Promise<string>;
}

const benches: Record<string, (context: BenchContext) => Promise<BenchFigure[]>> = {
  generate: benchGeneration,
  load: benchLoading,
  metrics: benchMetrics,
  server: benchServer,
  web: benchWeb,
  browser: benchBrowser,
  alerts: benchAlerts,
  questions: benchQuestions,
  analysis: benchAnalysis,
};

const selected = process.argv.slice(2);
const unknown = selected.filter((name) => !(name in benches));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}\n`);
  process.exit(2);
}

const workDir = await mkdtemp(join(tmpdir(), 'hbi-bench-'));
let scale1: Promise<string> | null = null;
const context: BenchContext = {
  workDir,
  scale1Extracts: () => (scale1 ??= generateScale1(workDir).then((r) => r.dir)),
};
try {
  const figures: BenchFigure[] = [];
  for (const [name, bench] of Object.entries(benches)) {
    if (selected.length > 0 && !selected.includes(name)) continue;
    process.stderr.write(`bench ${name} …\n`);
    figures.push(...(await bench(context)));
  }
  process.stdout.write(`\n| figure | value | baseline / goal | ratio |\n|---|---|---|---|\n`);
  for (const f of figures) process.stdout.write(`| ${f.figure} | ${f.value} | ${f.baseline} | ${f.ratio} |\n`);
} finally {
  await rm(workDir, { recursive: true, force: true });
}
