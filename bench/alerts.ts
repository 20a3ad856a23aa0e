// Alert evaluation after a load on the scale-1 hospital: 200 metric rules by department (a dozen
// KPIs × windows × thresholds, 同比 and 环比 changes), evaluated as a governance user through the
// answer port over QueryService (rollups built, as a running server has them), their instances,
// transitions and notifications recorded, the notifier woken. Goal: the whole evaluation under
// 2 s. The baseline is raw DuckDB running each distinct query's compiled SQL on the rows, in turn.
// Then one pass of the notifier over what the evaluation queued, apart from it.
import { mkdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readConnectorProject } from '../connectors/project.ts';
import { openWarehouse } from '../connectors/warehouse.ts';
import { loadDatasets } from '../connectors/load.ts';
import { compileQuery } from '../metrics/compile.ts';
import { readSemanticModel } from '../metrics/model/semantic-model.ts';
import type { AlertCondition, AlertRule, AlertWindow, ChannelConfig } from '../server/alerts/alert-rule.ts';
import { readsOf } from '../server/alerts/audience.ts';
import { AlertEvaluator } from '../server/alerts/evaluator.ts';
import { queryServiceAnswers } from '../server/alerts/query-service-answers.ts';
import { metricRuleQuery } from '../server/alerts/rule-query.ts';
import { openChannel } from '../server/notify/channels.ts';
import { NotificationDispatcher } from '../server/notify/dispatcher.ts';
import { startHttpReceiver } from '../server/notify/testing/receivers.ts';
import { QueryService } from '../server/query/query-service.ts';
import { openMetadataStore } from '../server/store/duckdb-metadata-store.ts';
import type { BenchContext, BenchFigure } from './run.ts';

const metrics = [
  'discharges', 'alos', 'inhospital_mortality_rate', 'outpatient_visits', 'outpatient_waiting_median', 'surgery_cancellation_rate',
  'day_surgery_share', 'critical_value_on_time_rate', 'average_open_beds', 'readmission_30d_rate', 'occupied_bed_days', 'bed_occupancy_rate',
];
const windows: AlertWindow[] = ['yesterday', 'last_7_days', 'last_30_days', 'this_month', 'last_month'];
const conditions: AlertCondition[] = [
  { above: 0.5 }, { below: 0.9 }, { change: { vs: 'yoy', percent: 20, direction: 'up' } }, { change: { vs: 'previous_period', percent: 30, direction: 'either' } },
];

function rules(): AlertRule[] {
  return Array.from({ length: 200 }, (_, i) => ({
    id: `bench-${i}`, title: `bench rule ${i}`, owner: 'bench-governance', severity: 'warning', route: 'everyone',
    watch: { metric: metrics[i % metrics.length]!, dimensions: ['department'], window: windows[Math.floor(i / metrics.length) % windows.length]! },
    condition: conditions[Math.floor(i / (metrics.length * windows.length)) % conditions.length]!,
  }));
}

export async function benchAlerts(context: BenchContext): Promise<BenchFigure[]> {
  const project = join(context.workDir, 'alerts-project');
  await rm(project, { recursive: true, force: true });
  await mkdir(project, { recursive: true });
  await symlink(await context.scale1Extracts(), join(project, 'extracts'));
  for (const folder of ['datasets', 'model', 'metrics']) await symlink(new URL(`../examples/hospital/${folder}`, import.meta.url).pathname, join(project, folder));
  const warehouse = await openWarehouse(project);
  const store = await openMetadataStore(':memory:');
  const receiver = await startHttpReceiver();
  try {
    await loadDatasets(warehouse, await readConnectorProject(project),
      ['departments', 'wards', 'doctors', 'patients', 'admissions', 'outpatient_visits', 'surgeries', 'lab_results', 'open_beds']);
    const model = await readSemanticModel(project);
    const queries = await QueryService.open(warehouse, model, store.metricVersions, 'bench');
    await queries.rollupsReady();
    await store.users.create({ username: 'bench-governance', displayName: 'bench', role: 'governance', department: null, disabled: false, passwordHash: 'not a login' });
    const channel: ChannelConfig = { name: 'everyone', kind: 'webhook', urlEnv: 'URL', secretEnv: 'SECRET', audience: { role: 'governance' } };
    const sender = new NotificationDispatcher({
      store: store.alerts, channels: new Map([['everyone', openChannel(channel, { URL: `${receiver.url}/hook`, SECRET: 'bench-secret' }, () => new Date())]]),
    });
    const evaluator = new AlertEvaluator({
      store: store.alerts, answers: queryServiceAnswers(queries, store),
      config: () => ({ routes: [{ name: 'everyone', channels: ['everyone'] }], channels: [channel], silences: [], muteTimes: [] }),
      readsOf: (rule) => readsOf(model, 'records' in rule ? rule.records.metric : rule.watch.metric),
      notified: () => sender.wake(),
    });
    const asOf = evaluator.today();
    const all = rules();

    const started = performance.now();
    const results = await evaluator.evaluateAll(all, { asOf });
    const evaluation = performance.now() - started;
    const failed = results.filter((r) => r.error !== null);
    if (failed.length > 0) throw new Error(`alert evaluation failed: ${failed.map((r) => `${r.ruleId}: ${r.error}`).join('; ')}`);
    const transitions = results.reduce((n, r) => n + r.transitions.length, 0);
    const notifications = results.reduce((n, r) => n + r.notifications, 0);

    const sendStarted = performance.now();
    const sent = await sender.dispatch();
    const sending = performance.now() - sendStarted;

    // The same questions straight on DuckDB: each distinct query's SQL on the rows (no rollups, no cache).
    const distinct = new Map(all.flatMap((rule) => ('watch' in rule ? metricRuleQuery(rule, asOf) : [])).map((q) => [JSON.stringify(q.query), q.query]));
    const connection = await warehouse.instance.connect();
    const rawStarted = performance.now();
    for (const query of distinct.values()) {
      const { sql } = compileQuery(model, query);
      await connection.runAndReadAll(sql.text, sql.params as never);
    }
    const raw = performance.now() - rawStarted;
    connection.closeSync();
    return [
      {
        figure: `evaluate 200 alert rules by department after a load at scale 1 (${distinct.size} distinct queries, ${transitions} transitions, ${notifications} notifications queued)`,
        value: `${(evaluation / 1000).toFixed(2)} s`, baseline: `goal 2 s; raw DuckDB, the same queries on the rows in turn: ${(raw / 1000).toFixed(2)} s`, ratio: `${(evaluation / 2000).toFixed(2)} (${(evaluation / raw).toFixed(2)} of raw)`,
      },
      {
        figure: `one pass of the notifier after it, apart from the evaluation (${sent.sent} notices sent in grouped webhook messages, ${sent.waiting} put back by the rate limit of 20 a minute)`,
        value: `${sending.toFixed(0)} ms`, baseline: '—', ratio: '—',
      },
    ];
  } finally {
    await receiver.close();
    store.close();
    warehouse.close();
  }
}
