import { describe, expect, it } from 'vitest';
import { QueryBatcher } from './queryBatch.ts';
import { ApiError } from './request.ts';
import type { MetricQuery, QueryResult } from './types.ts';

const result = (n: number): QueryResult => ({ columns: [], rows: [{ n }], metricVersions: {}, dataVersion: 1, cached: false });

/** A server that answers a batch's lines in the order given, in chunks split mid-line. */
function server(lines: (queries: MetricQuery[]) => unknown[], status = 200) {
  const requests: { body: { queries: MetricQuery[]; ahead?: boolean }; headers: Record<string, string> }[] = [];
  const send = (async (_path: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as { queries: MetricQuery[]; ahead?: boolean };
    requests.push({ body, headers: init.headers as Record<string, string> });
    if (status !== 200) return new Response(JSON.stringify({ message: 'refused' }), { status, headers: { 'content-type': 'application/json' } });
    const text = lines(body.queries).map((l) => `${JSON.stringify(l)}\n`).join('');
    const half = Math.floor(text.length / 2);
    return new Response(new ReadableStream({ start(controller) {
      controller.enqueue(new TextEncoder().encode(text.slice(0, half)));
      controller.enqueue(new TextEncoder().encode(text.slice(half)));
      controller.close();
    } }), { status: 200, headers: { 'content-type': 'application/x-ndjson' } });
  }) as typeof fetch;
  return { requests, send };
}

describe('QueryBatcher', () => {
  it('sends queries asked ahead of the reader in a batch of their own, which says so', async () => {
    const fake = server((queries) => queries.map((_, index) => ({ index, status: 200, result: result(index) })));
    const batcher = new QueryBatcher(() => 'token', fake.send);
    const answers = await Promise.all([batcher.ask({ metrics: ['a'] }), batcher.ask({ metrics: ['b'] }, true), batcher.ask({ metrics: ['c'] }), batcher.ask({ metrics: ['d'] }, true)]);
    expect(answers.map((a) => a.rows[0])).toEqual([{ n: 0 }, { n: 0 }, { n: 1 }, { n: 1 }]);
    expect(fake.requests.map((r) => [r.body.queries.map((q) => q.metrics[0]).join(), r.body.ahead ?? false])).toEqual([['a,c', false], ['b,d', true]]);
  });

  it('sends the queries of one moment together and hands each caller its own answer, in any order', async () => {
    const fake = server((queries) => queries.map((_, index) => ({ index, status: 200, result: result(index) })).reverse());
    const batcher = new QueryBatcher(() => 'token', fake.send);
    const answers = await Promise.all([0, 1, 2].map((n) => batcher.ask({ metrics: [`m${n}`] })));
    expect(answers.map((a) => a.rows[0])).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body.queries.map((q) => q.metrics[0])).toEqual(['m0', 'm1', 'm2']);
    expect(fake.requests[0]!.headers['x-csrf-token']).toBe('token');
  });

  it('sends at once when told to, and nothing more when the moment ends', async () => {
    const fake = server((queries) => queries.map((_, index) => ({ index, status: 200, result: result(index) })));
    const batcher = new QueryBatcher(() => 'token', fake.send);
    const answers = Promise.all([batcher.ask({ metrics: ['a'] }), batcher.ask({ metrics: ['b'] })]);
    batcher.sendNow();
    // Sent before any timer has run.
    expect(fake.requests.map((r) => r.body.queries.map((q) => q.metrics[0]))).toEqual([['a', 'b']]);
    expect((await answers).map((a) => a.rows[0])).toEqual([{ n: 0 }, { n: 1 }]);
    // A query asked afterwards goes in a batch of its own.
    expect((await batcher.ask({ metrics: ['c'] })).rows[0]).toEqual({ n: 0 });
    expect(fake.requests.map((r) => r.body.queries.map((q) => q.metrics[0]))).toEqual([['a', 'b'], ['c']]);
  });

  it('rejects a refused query with the server’s words and its status, the others still answered', async () => {
    const fake = server(() => [{ index: 0, status: 200, result: result(0) }, { index: 1, status: 403, error: { message: 'the viewer role may not read doctors' } }]);
    const batcher = new QueryBatcher(() => null, fake.send);
    const [ok, refused] = await Promise.allSettled([batcher.ask({ metrics: ['a'] }), batcher.ask({ metrics: ['b'] })]);
    expect(ok.status).toBe('fulfilled');
    expect(refused).toMatchObject({ status: 'rejected', reason: { message: 'the viewer role may not read doctors', status: 403 } });
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(ApiError);
  });

  it('fails every query of a refused batch, and those a cut-off reply left unanswered', async () => {
    const refused = new QueryBatcher(() => null, server(() => [], 401).send);
    await expect(refused.ask({ metrics: ['a'] })).rejects.toMatchObject({ message: 'refused', status: 401 });
    const cut = new QueryBatcher(() => null, server(() => [{ index: 0, status: 200, result: result(0) }]).send);
    const [first, second] = await Promise.allSettled([cut.ask({ metrics: ['a'] }), cut.ask({ metrics: ['b'] })]);
    expect(first.status).toBe('fulfilled');
    expect((second as PromiseRejectedResult).reason.message).toMatch(/ended before every query was answered/);
  });
});
