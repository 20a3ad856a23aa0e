// Generation of the scale-1 hospital (1,500 beds, two years): wall time against the 60 s goal,
// peak memory, and rows per extract.
import { join } from 'node:path';
import { generateHospital } from '../examples/hospital/generator/generate.ts';
import type { BenchFigure } from './run.ts';

const goalSeconds = 60;

export async function benchGeneration(workDir: string): Promise<BenchFigure[]> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const started = performance.now();
  const manifest = await generateHospital({ outDir: join(workDir, 'scale-1'), scale: 1, seed: 1, end: '2025-12-31' });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
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
