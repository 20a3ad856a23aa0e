// A click's answers worked out in the browser must be the server's answers to the narrowed
// queries: checked here for every tile of the shipped 医院运营驾驶舱 and every department, against
// a real server on the generated hospital, for a reader without a row policy and for one with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHospitalServer, type ApiClient, type HospitalServer } from '../../server/testing/hospital-server.ts';
import { createQueryClient } from '../api/queryClient.ts';
import type { Catalogue, HomeDashboardReply, MetricQuery, QueryColumn, QueryResult } from '../api/types.ts';
import { metricQueryResultKey } from '../api/useMetricQuery.ts';
import { boardQueries } from './boardQuery.ts';
import { initialBoardState, type BoardState } from './boardState.ts';
import { answerAt, answerSelection, groupedQueries, groupedQuery } from './crossFilterAnswers.ts';

let server: HospitalServer;

beforeAll(async () => {
  // Up to yesterday: the cockpit asks for 上月 and 本年, resolved against today.
  server = await startHospitalServer({ seed: 29, scale: 0.02, end: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) });
}, 180_000);
afterAll(async () => {
  await server?.close();
});

const ask = async (client: ApiClient, query: MetricQuery): Promise<QueryResult> => {
  const reply = await client.call('POST', '/api/query', query);
  expect(reply.statusCode, `${JSON.stringify(query)}: ${reply.body}`).toBe(200);
  return reply.json<QueryResult>();
};

/** The answer without what says how it was got (`cached`), numbers to within 1e-9 of each other. */
function expectSameAnswer(worked: QueryResult, given: QueryResult, what: string) {
  const { cached: _a, rows: workedRows, ...workedRest } = worked;
  const { cached: _b, rows: givenRows, ...givenRest } = given;
  expect(workedRest, what).toEqual(givenRest);
  expect(workedRows.length, what).toBe(givenRows.length);
  workedRows.forEach((row, i) => {
    expect(Object.keys(row), what).toEqual(Object.keys(givenRows[i]!));
    for (const [name, value] of Object.entries(row)) {
      const other = givenRows[i]![name];
      if (typeof value === 'number' && typeof other === 'number') expect(Math.abs(value - other), `${what} row ${i} ${name}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(other)));
      else expect(value, `${what} row ${i} ${name}`).toEqual(other);
    }
  });
}

describe('a cross-filter click answered in the browser', () => {
  it('gives every tile of the cockpit, for every department, the answer the server gives the narrowed query', async () => {
    for (const username of ['admin', 'xinnei']) {
      const reader = await server.login(username);
      const home = (await reader.call('GET', '/api/dashboards/home')).json<HomeDashboardReply>();
      const definition = home.dashboard!.published!.definition;
      const catalogue = (await reader.call('GET', '/api/catalogue')).json<Catalogue>();
      const opened = initialBoardState(definition);
      const tab = definition.tabs[0];

      const grouped = groupedQueries(definition, opened, tab, catalogue);
      // The cockpit's tiles grouped by 科室, the one dimension its charts can be clicked on.
      expect(grouped.length, username).toBeGreaterThanOrEqual(12);
      expect(grouped.every((q) => q.dimensions?.at(-1) === 'department'), username).toBe(true);
      const client = createQueryClient();
      for (const query of grouped) client.setQueryData(metricQueryResultKey(query), await ask(reader, query));

      const clicked = 'department-discharges';
      const departments = (await ask(reader, boardQueries(definition, opened, catalogue).get(clicked)!)).rows.map((r) => r['department']!);
      expect(departments.length, username).toBeGreaterThan(0);
      let worked = 0;
      let askedInstead = 0;
      for (const department of departments) {
        const selected: BoardState = { ...opened, selections: [{ tileId: clicked, dimension: 'department', value: department }] };
        const answered = answerSelection(client, definition, opened, selected, tab, catalogue);
        const before = boardQueries(definition, opened, catalogue);
        for (const [tileId, query] of boardQueries(definition, selected, catalogue)) {
          if (!query || JSON.stringify(query) === JSON.stringify(before.get(tileId))) continue;
          if (!answered.includes(tileId)) {
            askedInstead++;
            continue;
          }
          worked++;
          expectSameAnswer(client.getQueryData<QueryResult>(metricQueryResultKey(query))!, await ask(reader, query), `${username} ${tileId} ${String(department)}`);
        }
      }
      // Most answers are worked out; the rest are groups without rows (an ED median in a ward-only department, say).
      expect(worked, username).toBeGreaterThan(askedInstead * 3);
    }
  }, 120_000);
});

describe('which answers can be worked out', () => {
  const column = (name: string, role: QueryColumn['role'], masked?: boolean): QueryColumn => ({ name, role, type: 'VARCHAR', label: { zh: name, en: name }, ...(masked ? { masked } : {}) });
  const byWardAndDepartment: QueryResult = {
    columns: [column('ward', 'dimension'), column('discharges', 'metric'), column('department', 'dimension')],
    rows: [{ ward: '0101A', discharges: 3, department: '0101' }, { ward: '0102A', discharges: 5, department: '0102' }, { ward: null, discharges: 1, department: null }],
    metricVersions: { discharges: 1 }, dataVersion: 4, cached: false,
    labels: { ward: { '0101A': '心内一病区', '0102A': '呼吸一病区' }, department: { '0101': '心血管内科', '0102': '呼吸内科' } },
  };
  const byWard: MetricQuery = { metrics: ['discharges'], dimensions: ['ward'] };

  it('groups a query by the clicked dimension, unless its rows depend on each other', () => {
    expect(groupedQuery(byWard, 'department')).toEqual({ metrics: ['discharges'], dimensions: ['ward', 'department'] });
    expect(groupedQuery({ metrics: ['discharges'], dimensions: ['department'] }, 'department')).toEqual({ metrics: ['discharges'], dimensions: ['department'] });
    expect(groupedQuery({ ...byWard, percentOfTotal: true }, 'department')).toBeNull();
    expect(groupedQuery({ ...byWard, limit: 10 }, 'department')).toBeNull();
    expect(groupedQuery({ ...byWard, order: [{ by: 'discharges', desc: true }] }, 'department')).toBeNull();
    // Already grouped by it: a top-N still holds the clicked value's row when it shows it.
    expect(groupedQuery({ metrics: ['discharges'], dimensions: ['department'], limit: 5 }, 'department')).not.toBeNull();
  });

  it('reads the group at the value, without its column and names, and nothing for a value without rows or a masked column', () => {
    expect(answerAt(byWardAndDepartment, byWard, 'department', '0102')).toEqual({
      ...byWardAndDepartment,
      columns: byWardAndDepartment.columns.slice(0, 2),
      rows: [{ ward: '0102A', discharges: 5 }],
      labels: { ward: { '0102A': '呼吸一病区' } },
    });
    expect(answerAt(byWardAndDepartment, byWard, 'department', null)?.rows).toEqual([{ ward: null, discharges: 1 }]);
    expect(answerAt(byWardAndDepartment, byWard, 'department', '0199')).toBeNull();
    const masked = { ...byWardAndDepartment, columns: byWardAndDepartment.columns.map((c) => (c.name === 'department' ? { ...c, masked: true } : c)) };
    expect(answerAt(masked, byWard, 'department', '0101')).toBeNull();
    // A query grouped by the dimension keeps its column.
    const byDepartment: MetricQuery = { metrics: ['discharges'], dimensions: ['ward', 'department'] };
    expect(answerAt(byWardAndDepartment, byDepartment, 'department', '0101')?.rows).toEqual([{ ward: '0101A', discharges: 3, department: '0101' }]);
  });

  it('works out nothing for a second value of a selected dimension, a period, or a change besides the click', () => {
    const definition = {
      title: 't', description: '', tabs: [], filters: { dimensions: [] },
      tiles: [
        { id: 'a', kind: 'chart', layout: { x: 0, y: 0, w: 6, h: 4 }, chart: { query: { metrics: ['discharges'], dimensions: ['department'] }, chart: { type: 'bar', x: 'department', y: ['discharges'] } } },
        { id: 'b', kind: 'chart', layout: { x: 6, y: 0, w: 6, h: 4 }, chart: { query: { metrics: ['discharges'], dimensions: ['ward'] }, chart: { type: 'bar', x: 'ward', y: ['discharges'] } } },
      ],
    } as const;
    const catalogue = {
      metrics: [{ name: 'discharges', timeDimension: 'discharge_date', lineage: { datasets: ['inpatient_stays'], dependsOn: [] } }],
      dimensions: [{ name: 'department', datasets: ['inpatient_stays'] }, { name: 'ward', datasets: ['inpatient_stays'] }],
      hierarchies: [],
    } as unknown as Catalogue;
    const opened = initialBoardState(definition as never);
    const client = createQueryClient();
    client.setQueryData(metricQueryResultKey({ metrics: ['discharges'], dimensions: ['ward', 'department'] }), byWardAndDepartment);
    const pick = (value: string) => ({ tileId: 'a', dimension: 'department', value });
    const one: BoardState = { ...opened, selections: [pick('0101')] };
    expect(answerSelection(client, definition as never, opened, one, undefined, catalogue)).toEqual(['b']);
    expect(client.getQueryData<QueryResult>(metricQueryResultKey({ metrics: ['discharges'], dimensions: ['ward'], where: "department = '0101'" }))?.rows).toEqual([{ ward: '0101A', discharges: 3 }]);
    expect(answerSelection(client, definition as never, one, { ...one, selections: [pick('0101'), pick('0102')] }, undefined, catalogue)).toEqual([]);
    expect(answerSelection(client, definition as never, opened, { ...opened, selections: [{ tileId: 'a', dimension: 'time', value: '2025-03-01', grain: 'month' }] }, undefined, catalogue)).toEqual([]);
    expect(answerSelection(client, definition as never, opened, { ...one, drills: { a: [{ dimension: 'department', value: '0101' }] } } as BoardState, undefined, catalogue)).toEqual([]);
    // A data load makes the grouped answers stale: nothing is worked out from them.
    void client.invalidateQueries({ queryKey: ['query'] });
    expect(answerSelection(client, definition as never, opened, { ...opened, selections: [pick('0102')] }, undefined, catalogue)).toEqual([]);
  });
});
