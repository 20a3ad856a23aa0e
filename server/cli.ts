// The `hbi` command line: one binary, subcommands as in ../../shared/DESIGN.md.
// Exit codes: 0 ok, 1 failure (message on stderr), 2 usage error.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import { generateHospital, hasGeneratedHospital } from '../examples/hospital/generator/generate.ts';
import { GenerateOptionError, yesterday } from '../examples/hospital/generator/options.ts';
import { serve } from './serve.ts';
import { runLoad } from './load-command.ts';
import { grains, runQuery, runValidate } from './query-command.ts';
import { QueryError, type Comparison } from '../metrics/compile.ts';
import { relativeRanges, type RelativeRange } from '../metrics/plan/time-range.ts';
import type { TimeGrain } from '../metrics/sql/sql-ast.ts';
import { isValidIsoDate } from '../examples/hospital/generator/options.ts';
import { DatasetNotFoundError } from '../connectors/load.ts';
import { hbiVersion } from './version.ts';

/** The demo: the synthetic hospital at a scale that is generated and served within seconds. */
export const demo = { projectDir: 'examples/hospital', scale: 0.1, seed: 20240601 } as const;

const usage = `hbi ${hbiVersion} — hospital BI with a governed metric center

usage:
  hbi generate [--scale N] [--seed S] [--end YYYY-MM-DD] [--out DIR]
      write a synthetic hospital's departmental extracts (default: the demo hospital,
      scale ${demo.scale}, into ${demo.projectDir}/extracts; --end defaults to yesterday)
  hbi load [--project DIR] [--json] [--confirm | --discard] [DATASET...]
      load the project's extracts (datasets/*.yaml) into DIR/data/warehouse.duckdb;
      exit 1 when any dataset was refused, failed or held (the others still load); a load
      whose rows dropped sharply or whose last record was cut is held: the previous version
      keeps serving until --confirm (load it anyway) or --discard (keep the previous one)
  hbi validate [--project DIR]
      parse and type-check every dataset spec, model and metric definition
  hbi query [--project DIR] --metric M [--metric M2]... [--by DIM]... [--where EXPR]
            [--from YYYY-MM-DD --to YYYY-MM-DD | --range last_month|this_year|…] [--as-of YYYY-MM-DD]
            [--grain day|week|month|quarter|year] [--compare yoy|mom|previous_period]... [--percent-of-total]
            [--format table|json|csv] [--sql]
      compute metrics from the warehouse; --grain groups by each metric's time dimension
  hbi serve [--project DIR] [--port 3000] [--host 127.0.0.1] [--demo] [--upload-retention-days 30]
      serve the web app and API; --demo first generates the demo hospital if absent
      and loads every dataset that has not loaded yet
  hbi --version | --help
`;

class UsageError extends Error {}

export interface CliOutput {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

export async function main(argv: string[], output: CliOutput = { out: process.stdout, err: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'generate':
        return await generateCommand(rest, output.out);
      case 'load':
        return await loadCommand(rest, output.out);
      case 'validate':
        return await validateCommand(rest, output.out);
      case 'query':
        return await queryCommand(rest, output.out);
      case 'serve':
        return await serveCommand(rest, output.out);
      case '--version':
      case 'version':
        output.out.write(`${hbiVersion}\n`);
        return 0;
      case undefined:
      case '--help':
      case 'help':
        output.out.write(usage);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof GenerateOptionError || isParseArgsError(error)) {
      output.err.write(`hbi: ${(error as Error).message}\n\n${usage}`);
      return 2;
    }
    // A query or dataset name the project does not have: the user's words are off, not the tool.
    if (error instanceof DatasetNotFoundError || error instanceof QueryError) {
      output.err.write(`hbi: ${(error as Error).message}\n`);
      return 2;
    }
    output.err.write(`hbi: ${(error as Error).message}\n`);
    return 1;
  }
}

function isParseArgsError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

function parse<T extends ParseArgsConfig['options']>(args: string[], options: T) {
  return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
}

async function validateCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const values = parse(args, { project: { type: 'string' } });
  await runValidate(resolve(values.project ?? demo.projectDir), out);
  return 0;
}

async function queryCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const values = parse(args, {
    project: { type: 'string' }, metric: { type: 'string', multiple: true }, by: { type: 'string', multiple: true },
    where: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, grain: { type: 'string' },
    range: { type: 'string' }, 'as-of': { type: 'string' }, compare: { type: 'string', multiple: true }, 'percent-of-total': { type: 'boolean' },
    format: { type: 'string' }, sql: { type: 'boolean' },
  });
  if (!values.metric?.length) throw new UsageError('name at least one --metric');
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'csv') throw new UsageError(`--format must be table, json or csv, got "${format}"`);
  if ((values.from === undefined) !== (values.to === undefined)) throw new UsageError('--from and --to go together');
  if (values.range !== undefined && values.from !== undefined) throw new UsageError('give either --range or --from/--to');
  const range = values.range as RelativeRange | undefined;
  if (range !== undefined && !relativeRanges.includes(range)) throw new UsageError(`--range must be one of ${relativeRanges.join(', ')}, got "${range}"`);
  const comparisons = (values.compare ?? []) as Comparison[];
  for (const c of comparisons) if (!['yoy', 'mom', 'previous_period'].includes(c)) throw new UsageError(`--compare must be yoy, mom or previous_period, got "${c}"`);
  for (const [name, day] of [['from', values.from], ['to', values.to], ['as-of', values['as-of']]] as const) {
    if (day !== undefined && !isValidIsoDate(day)) throw new UsageError(`--${name} must be a date as YYYY-MM-DD, got "${day}"`);
  }
  const grain = values.grain as TimeGrain | undefined;
  if (grain !== undefined && !grains.includes(grain)) throw new UsageError(`--grain must be one of ${grains.join(', ')}, got "${grain}"`);
  const dimensions = [...(values.by ?? []), ...(grain ? ['time'] : [])];
  await runQuery(resolve(values.project ?? demo.projectDir), {
    metrics: values.metric,
    ...(dimensions.length ? { dimensions } : {}),
    ...(grain ? { grain } : {}),
    ...(values.where ? { where: values.where } : {}),
    ...(values.from && values.to ? { timeRange: { from: values.from, to: values.to } } : {}),
    ...(range ? { timeRange: { relative: range } } : {}),
    ...(values['as-of'] ? { asOf: values['as-of'] } : {}),
    ...(comparisons.length ? { compare: comparisons } : {}),
    ...(values['percent-of-total'] ? { percentOfTotal: true } : {}),
  }, { format, sql: values.sql ?? false }, out);
  return 0;
}

async function loadCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args, options: { project: { type: 'string' }, json: { type: 'boolean' }, confirm: { type: 'boolean' }, discard: { type: 'boolean' } }, strict: true, allowPositionals: true,
  });
  if (values.confirm && values.discard) throw new UsageError('--confirm and --discard exclude each other');
  if ((values.confirm || values.discard) && positionals.length === 0) throw new UsageError(`--${values.confirm ? 'confirm' : 'discard'} needs the datasets it is for`);
  const held = values.confirm ? 'confirm' as const : values.discard ? 'discard' as const : undefined;
  const { ok } = await runLoad({ projectDir: resolve(values.project ?? demo.projectDir), datasets: positionals, json: values.json ?? false, ...(held ? { held } : {}) }, out);
  return ok ? 0 : 1;
}

function numberOption(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name} must be a number, got "${text}"`);
  return value;
}

async function generateCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const values = parse(args, {
    scale: { type: 'string' }, seed: { type: 'string' }, end: { type: 'string' }, out: { type: 'string' },
  });
  const outDir = resolve(values.out ?? `${demo.projectDir}/extracts`);
  const started = performance.now();
  const manifest = await generateHospital(
    {
      outDir,
      scale: numberOption('scale', values.scale, demo.scale),
      seed: numberOption('seed', values.seed, demo.seed),
      end: values.end ?? yesterday(),
    },
    ({ step, seconds }) => out.write(`  ${step.padEnd(48)} ${seconds.toFixed(2)} s\n`),
  );
  const rows = manifest.extracts.reduce((sum, extract) => sum + extract.rows, 0);
  out.write(
    `generated ${manifest.extracts.length} extracts, ${rows.toLocaleString('en-US')} rows, ` +
      `${manifest.defects.length} injected defects (${manifest.from} … ${manifest.to}) into ${outDir} ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return 0;
}

async function serveCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const values = parse(args, {
    project: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' }, 'upload-retention-days': { type: 'string' },
  });
  const uploadRetentionDays = numberOption('upload-retention-days', values['upload-retention-days'], 30);
  if (!(uploadRetentionDays > 0)) throw new UsageError(`--upload-retention-days must be above 0, got ${uploadRetentionDays}`);
  const projectDir = resolve(values.project ?? demo.projectDir);
  const extractsDir = resolve(projectDir, 'extracts');
  if (values.demo && !(await hasGeneratedHospital(extractsDir))) {
    out.write(`generating the demo hospital (scale ${demo.scale}) into ${extractsDir} …\n`);
    await generateCommand(['--out', extractsDir], out);
  }
  const port = numberOption('port', values.port, 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535, got ${port}`);
  await serve({ projectDir, extractsDir, port, host: values.host ?? '127.0.0.1', demo: values.demo ?? false, out, uploadRetentionDays });
  return 0;
}
