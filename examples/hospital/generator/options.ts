// What `hbi generate` accepts, checked once so the SQL below never sees an unchecked value.

export interface GenerateOptions {
  /** Folder that receives the extracts and manifest.json. */
  outDir: string;
  /** 1 = a 1,500-bed tertiary hospital; volumes scale linearly, the shape does not. */
  scale: number;
  seed: number;
  /** Last day covered (YYYY-MM-DD); the period is the two full years ending on it. */
  end: string;
}

export interface Period {
  from: string;
  to: string;
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

export class GenerateOptionError extends Error {}

export function checkGenerateOptions(options: GenerateOptions): GenerateOptions {
  if (!Number.isFinite(options.scale) || options.scale <= 0 || options.scale > 10) {
    throw new GenerateOptionError(`--scale must be a number in (0, 10], got ${options.scale}`);
  }
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    throw new GenerateOptionError(`--seed must be a non-negative integer, got ${options.seed}`);
  }
  if (!isValidIsoDate(options.end)) {
    throw new GenerateOptionError(`--end must be a date as YYYY-MM-DD, got "${options.end}"`);
  }
  return options;
}

export function isValidIsoDate(text: string): boolean {
  const match = isoDate.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Two full years ending on `end`: 2025-12-31 → 2024-01-01 … 2025-12-31. */
export function periodEndingOn(end: string): Period {
  const to = new Date(`${end}T00:00:00Z`);
  const from = new Date(Date.UTC(to.getUTCFullYear() - 2, to.getUTCMonth(), to.getUTCDate() + 1));
  return { from: from.toISOString().slice(0, 10), to: end };
}

/** Yesterday in local time, so the demo always looks current. */
export function yesterday(now = new Date()): string {
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}
