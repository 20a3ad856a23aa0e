// Every change to a metric definition becomes a new, immutable version (who, when, why); a query
// may pin one (`alos@3`) and every result says which versions it used. Storage sits behind
// MetricVersionStore: a JSON file for the CLI here, the server's metadata store later.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MetricSpec } from '../model/metric-spec.ts';

export interface MetricVersion {
  metric: string;
  version: number;
  spec: MetricSpec;
  author: string;
  createdAt: string;
  reason: string;
  /** Of the canonical definition: a change of formatting in the YAML is not a new version. */
  hash: string;
}

export interface MetricVersionStore {
  history(metric: string): Promise<MetricVersion[]>;
  append(version: Omit<MetricVersion, 'version'>): Promise<MetricVersion>;
}

export function definitionHash(spec: MetricSpec): string {
  const canonical = (value: unknown): unknown => (Array.isArray(value) ? value.map(canonical)
    : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]))
      : value);
  return createHash('sha256').update(JSON.stringify(canonical(spec))).digest('hex');
}

/** Versions in one JSON file, rewritten whole through a temporary file so a crash never leaves half of it. */
export class FileMetricVersionStore implements MetricVersionStore {
  /** Read once per store: a query asks for the history of every metric. */
  private versions: MetricVersion[] | null = null;

  constructor(private readonly path: string) {}

  private async all(): Promise<MetricVersion[]> {
    if (this.versions) return this.versions;
    try {
      this.versions = JSON.parse(await readFile(this.path, 'utf8')) as MetricVersion[];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`${this.path} is not a readable list of metric versions (${(error as Error).message}); restore it from a backup`);
      }
      this.versions = [];
    }
    return this.versions;
  }

  async history(metric: string): Promise<MetricVersion[]> {
    return (await this.all()).filter((v) => v.metric === metric).sort((a, b) => a.version - b.version);
  }

  async append(version: Omit<MetricVersion, 'version'>): Promise<MetricVersion> {
    const all = await this.all();
    const next = { ...version, version: all.filter((v) => v.metric === version.metric).length + 1 };
    await mkdir(dirname(this.path), { recursive: true });
    await writeFile(`${this.path}.tmp`, `${JSON.stringify([...all, next], null, 2)}\n`);
    await rename(`${this.path}.tmp`, this.path);
    this.versions = [...all, next];
    return next;
  }
}

/** Records a new version of every metric whose definition differs from its latest; returns the current version of each. */
export async function recordMetricVersions(
  store: MetricVersionStore, metrics: { spec: MetricSpec; file: string }[], author: string, now = new Date(),
): Promise<Map<string, number>> {
  const current = new Map<string, number>();
  for (const { spec, file } of metrics) {
    const history = await store.history(spec.name);
    const hash = definitionHash(spec);
    const latest = history.at(-1);
    if (latest?.hash === hash) {
      current.set(spec.name, latest.version);
      continue;
    }
    const reason = latest ? `${file} changed` : `first seen in ${file}`;
    const recorded = await store.append({ metric: spec.name, spec, author, createdAt: now.toISOString(), reason, hash });
    current.set(spec.name, recorded.version);
  }
  return current;
}
