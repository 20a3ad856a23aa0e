// What a load did, kept in load history (hbi.loads.report) and printed by `hbi load --json`.
import type { RejectRule } from './standardize.ts';

/**
 * `held`: checked but not published (rows dropped sharply against the loaded table, or the last
 * record of a file was cut mid-way); the previous version keeps serving until someone confirms
 * the load (`confirmed`: it runs again, as a new load, and publishes) or discards it (`discarded`).
 */
export type LoadStatus = 'loaded' | 'refused' | 'failed' | 'held' | 'discarded' | 'confirmed';

export interface RejectExample {
  file: string;
  sheet: string | null;
  row: number;
  column: string | null;
  value: string | null;
  message: string;
}

export interface RejectSummary {
  rule: RejectRule;
  column: string | null;
  rows: number;
  examples: RejectExample[];
}

export interface LoadReport {
  dataset: string;
  loadId: number;
  status: LoadStatus;
  /** The dataset's data version after this load (unchanged when refused or failed). */
  dataVersion: number | null;
  startedAt: string;
  durationMs: number;
  files: { path: string; rows: number }[];
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** Incremental loads: rows at or below the loaded watermark, left out. */
  rowsSkipped: number;
  rejects: RejectSummary[];
  /** Why a load was refused or failed, in words a user can act on. */
  message: string | null;
}

export type LoadPhase = 'reading' | 'checking' | 'publishing' | 'done';

export interface LoadProgress {
  dataset: string;
  phase: LoadPhase;
  rowsRead: number;
}
