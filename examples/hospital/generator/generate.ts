// `hbi generate`: simulates the hospital in DuckDB and writes each department's extract plus
// manifest.json (what was written, and every injected defect). Writes into a scratch folder
// and swaps it in at the end, so an interrupted run never leaves half a hospital behind.
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GeneratorDb } from './generator-db.ts';
import { checkGenerateOptions, periodEndingOn, type GenerateOptions } from './options.ts';
import { buildCalendar, buildOrganization } from './organization.ts';
import { buildStays, buildAcceptedStays, buildInpatientExtracts } from './inpatient.ts';
import { allocateBeds, buildWardNights } from './beds.ts';
import { assignPatients, buildPatientMaster, sizePools } from './people.ts';
import { buildEmergencyVisits, buildOutpatientVisits } from './ambulatory.ts';
import { buildInfections, buildLabResults, buildSurgeries } from './clinical.ts';
import { buildAntibiotics, buildDrugInventory } from './pharmacy.ts';
import { extracts } from './extracts.ts';
import type { ManifestEntry } from '../../../connectors/extract-inventory.ts';
import { injectDefects, listDefects, type InjectedDefect } from './defects.ts';
import { writeExtract } from './extract-writers.ts';

export const manifestFileName = 'manifest.json';

/** A manifest entry: what connectors' extract inventory reads, plus the generator's own facts. */
export interface ManifestExtract extends ManifestEntry {
  sheets: string[] | null;
  rows: number;
  columns: Record<string, string>;
  quirks: string[];
}

export interface GenerationManifest {
  generator: 'hbi-synthetic-hospital';
  seed: number;
  scale: number;
  from: string;
  to: string;
  hospital: { departments: number; wards: number; staffedBeds: number; doctors: number; patients: number };
  extracts: ManifestExtract[];
  defects: InjectedDefect[];
}

export type GenerationStep = { step: string; seconds: number };

export async function generateHospital(
  options: GenerateOptions,
  onStep: (step: GenerationStep) => void = () => {},
): Promise<GenerationManifest> {
  const { outDir, scale, seed, end } = checkGenerateOptions(options);
  const { from, to } = periodEndingOn(end);
  const scratchDir = `${outDir}.partial`;
  await rm(scratchDir, { recursive: true, force: true });
  await mkdir(scratchDir, { recursive: true });

  const db = await GeneratorDb.open(seed, from, to);
  const timed = async (step: string, work: () => Promise<void>) => {
    const started = performance.now();
    await work();
    onStep({ step, seconds: (performance.now() - started) / 1000 });
  };
  try {
    await timed('organization', async () => {
      await buildOrganization(db, scale);
      await buildCalendar(db);
    });
    await timed('inpatient stays', async () => {
      await buildWardNights(db);
      await buildStays(db);
      await allocateBeds(db);
      await buildAcceptedStays(db);
    });
    await timed('patients', async () => assignPatients(db, await sizePools(db, scale)));
    await timed('emergency visits', () => buildEmergencyVisits(db));
    await timed('outpatient visits', () => buildOutpatientVisits(db, scale));
    await timed('patient master', () => buildPatientMaster(db));
    await timed('admissions, transfers, beds', () => buildInpatientExtracts(db));
    await timed('lab results', () => buildLabResults(db));
    await timed('surgeries', () => buildSurgeries(db));
    await timed('infections', () => buildInfections(db));
    await timed('antibiotics', () => buildAntibiotics(db));
    await timed('drug inventory', () => buildDrugInventory(db, scale));

    const manifestExtracts: ManifestExtract[] = [];
    const defects: InjectedDefect[] = [];
    for (const extract of extracts) {
      await timed(`write ${extract.file}`, async () => {
        await injectDefects(db, extract.name, extract.table, extract.defects);
        await writeExtract(db, extract, join(scratchDir, extract.file));
        const headerRows = extract.xlsx ? 2 : 0;
        defects.push(...(await listDefects(db, extract.name, extract.file, extract.table, extract.xlsx ? headerRows : null)));
        const [counts] = await db.rows<{ rows: bigint | number; sheets: string[] | null }>(
          `SELECT count(*) AS rows, ${extract.xlsx ? 'list(DISTINCT _sheet ORDER BY _sheet)' : 'NULL'} AS sheets FROM ${extract.table}`,
        );
        manifestExtracts.push({
          name: extract.name, title: extract.title, sourceSystem: extract.sourceSystem, format: extract.format,
          encoding: extract.encoding, compression: extract.compression, file: extract.file, headerRows,
          sheets: counts?.sheets ?? null, rows: Number(counts?.rows ?? 0), columns: extract.columns, quirks: extract.quirks,
        });
      });
    }
    const [hospital] = await db.rows<Record<string, bigint | number>>(`
      SELECT (SELECT count(*) FROM department) AS departments, (SELECT count(*) FROM ward) AS wards,
             (SELECT sum(beds) FROM ward) AS staffedBeds, (SELECT count(*) FROM doctor) AS doctors,
             (SELECT count(*) FROM patient) AS patients`);
    const manifest: GenerationManifest = {
      generator: 'hbi-synthetic-hospital', seed, scale, from, to,
      hospital: {
        departments: Number(hospital?.departments), wards: Number(hospital?.wards), staffedBeds: Number(hospital?.staffedBeds),
        doctors: Number(hospital?.doctors), patients: Number(hospital?.patients),
      },
      extracts: manifestExtracts,
      defects,
    };
    await writeFile(join(scratchDir, manifestFileName), `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(outDir, { recursive: true, force: true });
    await rename(scratchDir, outDir);
    return manifest;
  } catch (error) {
    await rm(scratchDir, { recursive: true, force: true });
    throw error;
  } finally {
    db.close();
  }
}

/** True when `dir` holds a complete generated hospital (its manifest is written last). */
export async function hasGeneratedHospital(dir: string): Promise<boolean> {
  return stat(join(dir, manifestFileName)).then(() => true, () => false);
}
