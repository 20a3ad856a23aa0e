// Metric queries asked in the same moment go to the server together (POST /api/query/batch): a
// board's sixteen tiles would otherwise queue for the browser's six connections to the server.
// Each caller still gets its own answer as soon as the server sends its line, so tiles draw as
// their data arrives; a refused query rejects with the same ApiError a single query would.
import { ApiError } from './request.ts';
import type { MetricQuery, QueryResult } from './types.ts';

export const batchPath = '/api/query/batch';

type Waiting = { query: MetricQuery; ahead: boolean; resolve: (result: QueryResult) => void; reject: (error: unknown) => void };
type BatchLine = { index: number; status: number; result?: QueryResult; error?: { message: string } };

/**
 * Queries asked in one go (a board's tiles as React mounts or updates them) collected until the
 * code asking them has run, then sent as one batch: before the page goes on to draw, so the server
 * works while the browser does.
 */
export class QueryBatcher {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(private readonly csrfToken: () => string | null, private readonly send: typeof fetch = (...args) => fetch(...args)) {}

  /**
   * `ahead`: asked before the reader asks for it (a board's answers grouped by a dimension a click
   * would narrow to); such queries go in a batch of their own, which the server audits as asked ahead.
   */
  ask(query: MetricQuery, ahead = false): Promise<QueryResult> {
    return new Promise((resolve, reject) => {
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => void this.flush());
      }
      this.waiting.push({ query, ahead, resolve, reject });
    });
  }

  /** Sends the queries asked so far now, for a caller that knows it has asked all it will in this moment. */
  sendNow(): void {
    void this.flush();
  }

  private flush(): Promise<unknown> {
    this.scheduled = false;
    const waiting = this.waiting;
    this.waiting = [];
    return Promise.all([false, true].map((ahead) => this.sendBatch(waiting.filter((w) => w.ahead === ahead), ahead)));
  }

  private async sendBatch(batch: Waiting[], ahead: boolean): Promise<void> {
    if (batch.length === 0) return;
    const settled = new Set<number>();
    try {
      const token = this.csrfToken();
      const response = await this.send(batchPath, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/x-ndjson', ...(token ? { 'x-csrf-token': token } : {}) },
        body: JSON.stringify({ queries: batch.map((w) => w.query), ...(ahead ? { ahead } : {}) }),
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { message?: string } | null;
        throw new ApiError(body?.message ?? `${batchPath}: HTTP ${response.status}`, batchPath, response.status);
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (value) text += value;
        let end: number;
        while ((end = text.indexOf('\n')) >= 0) {
          const line = JSON.parse(text.slice(0, end)) as BatchLine;
          text = text.slice(end + 1);
          const waiting = batch[line.index];
          if (!waiting) continue;
          settled.add(line.index);
          if (line.status === 200 && line.result) waiting.resolve(line.result);
          else waiting.reject(new ApiError(line.error?.message ?? `${batchPath}: HTTP ${line.status}`, '/api/query', line.status));
        }
        if (done) break;
      }
      if (settled.size < batch.length) throw new ApiError(`${batchPath}: the reply ended before every query was answered`, batchPath, null);
    } catch (error) {
      const failure = error instanceof ApiError ? error : new ApiError(`${batchPath}: ${error instanceof Error ? error.message : String(error)}`, batchPath, null);
      batch.forEach((w, index) => settled.has(index) || w.reject(failure));
    }
  }
}
