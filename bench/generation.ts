// Generation of the scale-1 hospital (1,500 beds, two years): wall time against the 60 s goal,
// peak memory, and rows per extract.
import { join } from 'node:path';
import { generateHospital, type GenerationManifest } from '../examples/hospital/generator/generate.ts';
import type { BenchContext, BenchFigure } from './run.ts';

const goalSeconds = 60;
let generated: { dir: string; manifest: GenerationManifest; seconds: number; peakRss: number } | null = null;

/** Generates the scale-1 hospital once per bench run; the load bench reuses it. */
export async function generateScale1(workDir: string) {
  if (generated) return generated;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const started = performance.now();
  const dir = join(workDir, 'scale-1');
  // Up to yesterday, as `npm start` generates: boards ask for 上月 and 本年, resolved against today.
  const end = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const manifest = await generateHospital({ outDir: dir, scale: 1, seed: 1, end });
  clearInterval(sampler);
  generated = { dir, manifest, seconds: (performance.now() - started) / 1000, peakRss };
  return generated;
}

export async function benchGeneration(context: BenchContext): Promise<BenchFigure[]> {
  const { manifest, seconds, peakRss } = await generateScale1(context.workDir);
  const rows = manifest.extracts.reduce((sum, e) => sum + e.rows, 0);
  return [
    {
      figure: `generate --scale 1 (${manifest.hospital.staffedBeds} beds, ${rows.toLocaleString('en-US')} rows)`,
      value: `${seconds.toFixed(1)} s`,
      baseline: `goal ${goalSeconds} s`,
      ratio: (seconds / goalSeconds).toFixed(2),
    },
    { figure: 'generate --scale 1 peak memory (RSS)', value: `${(peakRss / 2 ** 30).toFixed(1)} GiB`, baseline: '—', ratio: '—' },
    ...manifest.extracts.map((e) => ({
      figure: `rows: ${e.file}`, value: e.rows.toLocaleString('en-US'), baseline: '—', ratio: '—',
    })),
  ];
}
