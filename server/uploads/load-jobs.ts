// Loads the server runs for uploads, one at a time (a load stages in the warehouse's own
// connection), each with its progress kept for anyone who watches it, live or later.
import { EventEmitter } from 'node:events';
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

export class LoadJobs {
  private readonly jobs = new Map<string, LoadJob>();
  private readonly events = new EventEmitter();
  private queue: Promise<unknown> = Promise.resolve();
  private next = 1;

  constructor(private readonly warehouse: Warehouse, private readonly project: ConnectorProject, private readonly published: (report: LoadReport) => Promise<void>) {
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

  /** Queues a load of `spec` from the uploaded file (a path relative to the project). */
  start(spec: DatasetSpec, file: string, username: string): LoadJob {
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
        });
        if (report.status === 'loaded') await this.published(report);
        changed({ state: 'finished', phase: 'done', rowsRead: report.rowsRead, outcome: {
          status: report.status, loadId: report.loadId, rowsLoaded: report.rowsLoaded, rowsRejected: report.rowsRejected, message: report.message,
        } });
      } catch (error) {
        changed({ state: 'finished', outcome: { status: 'failed', loadId: null, rowsLoaded: 0, rowsRejected: 0, message: (error as Error).message } });
      }
    });
    return job;
  }

  /** Resolves when every queued load has finished. */
  idle(): Promise<unknown> {
    return this.queue;
  }
}
