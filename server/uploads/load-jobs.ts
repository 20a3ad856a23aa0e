// Loads the server runs for uploads, one at a time (a load stages in the warehouse's own
// connection), each with its progress kept for anyone who watches it, live or later.
import { EventEmitter } from 'node:events';
import { readdir, rm } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { loadDataset } from '../../connectors/load.ts';
import type { ConnectorProject } from '../../connectors/project.ts';
import type { DatasetSpec } from '../../connectors/dataset-spec.ts';
import type { LoadPhase, LoadReport } from '../../connectors/load-report.ts';
import type { Warehouse } from '../../connectors/warehouse.ts';

export interface LoadJob {
  id: string;
  dataset: string;
  file: string;
  username: string;
  state: 'queued' | 'running' | 'finished';
  phase: LoadPhase | null;
  rowsRead: number;
  /** When finished: the load's outcome and its report's id. */
  outcome: { status: LoadReport['status']; loadId: number | null; rowsLoaded: number; rowsRejected: number; message: string | null } | null;
}

/** Where uploads are kept, one folder each, named after the time they arrived. */
export const uploadsFolder = join('data', 'uploads');

/** The upload folder holding `file` (a path relative to the project), or null for a file that is not an upload. */
export function uploadFolderOf(file: string): string | null {
  const folder = dirname(file);
  return dirname(folder) === uploadsFolder && !folder.includes(`..${sep}`) ? folder : null;
}

/**
 * Removes upload folders older than `days` (by the time in their name): uploaded extracts hold
 * patient rows and are not kept forever. Returns the folders removed.
 */
export async function pruneUploads(projectDir: string, days: number, now: Date): Promise<string[]> {
  const root = join(projectDir, uploadsFolder);
  const names = await readdir(root).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const stamp = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z/.exec(name);
    if (!stamp) continue;
    const at = Date.parse(`${stamp[1]}T${stamp[2]}:${stamp[3]}:${stamp[4]}.${stamp[5]}Z`);
    if (now.getTime() - at <= days * 86_400_000) continue;
    await rm(join(root, name), { recursive: true, force: true });
    removed.push(join(uploadsFolder, name));
  }
  return removed;
}

export class LoadJobs {
  private readonly jobs = new Map<string, LoadJob>();
  private readonly events = new EventEmitter();
  private queue: Promise<unknown> = Promise.resolve();
  private next = 1;

  constructor(
    private readonly warehouse: Warehouse,
    private readonly project: ConnectorProject,
    private readonly published: (report: LoadReport) => Promise<void>,
    /** Told of every load that ends held, for the audit log. */
    private readonly held: (report: LoadReport, job: LoadJob) => Promise<void> = async () => {},
  ) {
    this.events.setMaxListeners(0);
  }

  get(id: string): LoadJob | undefined {
    return this.jobs.get(id);
  }

  /** Calls `listener` with every change of the job until it finishes; returns the unsubscribe. */
  watch(id: string, listener: (job: LoadJob) => void): () => void {
    this.events.on(id, listener);
    return () => this.events.off(id, listener);
  }

  /**
   * Queues a load of `spec` from the uploaded file (a path relative to the project); `confirmHold`
   * publishes what would be held. An upload whose load is refused or fails is removed: its rows
   * were not taken, and a failed extract is not kept.
   */
  start(spec: DatasetSpec, file: string, username: string, options: { confirmHold?: boolean } = {}): LoadJob {
    const job: LoadJob = { id: String(this.next++), dataset: spec.name, file, username, state: 'queued', phase: null, rowsRead: 0, outcome: null };
    this.jobs.set(job.id, job);
    const changed = (change: Partial<LoadJob>) => {
      Object.assign(job, change);
      this.events.emit(job.id, { ...job });
    };
    const uploaded = { ...spec, source: { ...spec.source, path: file } } as DatasetSpec;
    this.queue = this.queue.then(async () => {
      changed({ state: 'running' });
      let last = 0;
      try {
        const report = await loadDataset(this.warehouse, uploaded, this.project.dictionaries, ({ phase, rowsRead }) => {
          // Progress arrives per chunk; a watcher needs a few updates a second, not thousands.
          const now = Date.now();
          if (phase === job.phase && now - last < 250) return;
          last = now;
          changed({ phase, rowsRead });
        }, options);
        if (report.status === 'loaded') await this.published(report);
        if (report.status === 'held') await this.held(report, job);
        if (report.status === 'refused' || report.status === 'failed') await this.removeUpload(file);
        changed({ state: 'finished', phase: 'done', rowsRead: report.rowsRead, outcome: {
          status: report.status, loadId: report.loadId, rowsLoaded: report.rowsLoaded, rowsRejected: report.rowsRejected, message: report.message,
        } });
      } catch (error) {
        await this.removeUpload(file).catch(() => undefined);
        changed({ state: 'finished', outcome: { status: 'failed', loadId: null, rowsLoaded: 0, rowsRejected: 0, message: (error as Error).message } });
      }
    });
    return job;
  }

  /** Removes the upload folder holding `file`; a file that is not an upload is left alone. */
  async removeUpload(file: string): Promise<void> {
    const folder = uploadFolderOf(file);
    if (folder) await rm(join(this.project.dir, folder), { recursive: true, force: true });
  }

  /** Resolves when every queued load has finished. */
  idle(): Promise<unknown> {
    return this.queue;
  }
}
