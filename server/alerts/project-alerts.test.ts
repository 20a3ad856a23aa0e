// Alerts as code on the hospital example's model: a project's alerts/*.yaml read and checked
// together, each problem named as file:line:column with what to do, and rule queries compiled by
// the metric center (nothing runs: no warehouse).
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpecError } from '../../connectors/yaml-spec.ts';
import { compileQuery } from '../../metrics/compile.ts';
import { readSemanticModel, type SemanticModel } from '../../metrics/model/semantic-model.ts';
import { hospitalProject } from '../testing/hospital-server.ts';
import { parseAlertsYaml } from './alert-yaml.ts';
import { openMetadataStore } from '../store/duckdb-metadata-store.ts';
import { readProjectAlerts, saveProjectRules } from './project-alerts.ts';

let model: SemanticModel;
let dir: string;
const check = async (query: Parameters<typeof compileQuery>[1]) => {
  compileQuery(model, query);
};

const channels = `
channels:
  - { name: ward-robot, kind: wecom, urlEnv: HBI_WECOM_0101, audience: { role: analyst, department: '0101' } }
  - { name: quality-dingtalk, kind: dingtalk, urlEnv: HBI_DINGTALK_URL, secretEnv: HBI_DINGTALK_SECRET, audience: { role: governance } }
  - { name: director-mail, kind: email, smtpUrlEnv: HBI_SMTP_URL, from: hbi@hospital.example, to: [director@hospital.example], audience: { user: yuanban } }
routes:
  - name: by-department
    channels: [ward-robot]
    muteTimes: [nights]
    escalation:
      - { afterMinutes: 30, responsible: { role: governance }, channels: [quality-dingtalk] }
      - { afterMinutes: 120, responsible: { user: yuanban }, channels: [director-mail] }
muteTimes:
  - { name: nights, from: '22:00', to: '07:00' }
`;

const rules = `
rules:
  - id: ward-occupancy
    title: 科室床位使用率超过 100%
    owner: yiwuchu
    severity: 警告
    watch: { metric: bed_occupancy_rate, dimensions: [department], window: yesterday }
    condition: { above: 1.0 }
    overrides:
      - { group: { department: '0901' }, condition: { above: 1.1 } }
    for: 2
    advice: 协调出院与转科，必要时启用加床
    route: by-department
    schedule: ['0 8 * * *']
  - id: infections-yoy
    title: 医院感染例数同比上升
    owner: yiwuchu
    severity: 严重
    watch: { metric: new_infections, window: last_month }
    condition: { change: { vs: yoy, percent: 20 } }
  - id: critical-value-late
    title: 危急值通报超时
    owner: yiwuchu
    severity: critical
    records:
      metric: critical_value_on_time_rate
      window: last_7_days
      key: result_id
      late: { from: verified_at, to: notified_at, minutes: 10 }
      handled: acknowledged_at
      department: notified_dept_code
      show: [test_name, result_value, verified_at, notified_at]
silences:
  - { from: '2025-03-01T08:00:00+08:00', to: '2025-03-01T12:00:00+08:00', rules: [ward-occupancy], reason: 病区搬迁 }
`;

async function project(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(dir, 'p-'));
  await mkdir(join(root, 'alerts'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, 'alerts', name), text);
  return root;
}

async function problemsOf(root: string): Promise<string[]> {
  try {
    await readProjectAlerts(root, model, check);
  } catch (error) {
    if (error instanceof SpecError) return error.message.split('\n').map((line) => line.replace(relative(process.cwd(), root), '<p>'));
    throw error;
  }
  throw new Error('no problem found');
}

beforeAll(async () => {
  model = await readSemanticModel(hospitalProject);
  dir = await mkdtemp(join(tmpdir(), 'hbi-alerts-yaml-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('alerts as code', () => {
  it('reads rules, routes, channels, silences and mute times across files, severities in Chinese', async () => {
    const config = await readProjectAlerts(await project({ 'channels.yaml': channels, 'rules.yaml': rules }), model, check);
    expect(config.rules.map((r) => [r.id, r.severity])).toEqual([['ward-occupancy', 'warning'], ['infections-yoy', 'critical'], ['critical-value-late', 'critical']]);
    expect(config.rules[1]).toMatchObject({ condition: { change: { vs: 'yoy', percent: 20, direction: 'up' } } });
    expect(config.channels.map((c) => c.name)).toEqual(['ward-robot', 'quality-dingtalk', 'director-mail']);
    expect(config.routes[0]!.escalation).toHaveLength(2);
    expect(config.muteTimes).toEqual([{ name: 'nights', from: '22:00', to: '07:00' }]);
    expect(config.silences[0]!.reason).toBe('病区搬迁');
  });

  it('a project without alerts/ has none', async () => {
    expect(await readProjectAlerts(await mkdtemp(join(dir, 'empty-')), model, check)).toEqual({ rules: [], routes: [], channels: [], silences: [], muteTimes: [] });
  });

  it('names a schema problem by file, line and column, with the closest valid name', () => {
    const text = 'rules:\n  - id: a\n    title: t\n    owner: admin\n    severity: 紧急\n    watch: { metric: discharges, window: yesterday }\n    condition: { abov: 1 }\n';
    expect(() => parseAlertsYaml('alerts/a.yaml', text)).toThrow(SpecError);
    try {
      parseAlertsYaml('alerts/a.yaml', 'channels:\n  - { name: x, kind: wecom, url: https://qyapi.example/key=1, audience: { role: analyst } }\n');
    } catch (error) {
      // A secret is never written in the file: the URL is named by its environment variable.
      expect((error as Error).message).toMatch(/^alerts\/a\.yaml:2:\d+: .*unknown field "url"/m);
      expect((error as Error).message).toMatch(/missing "urlEnv"/);
    }
  });

  it('names every cross-file problem: unknown routes, channels and mute times, bad overrides, cron, queries and record keys', async () => {
    const bad = `
rules:
  - id: ward-occupancy
    title: t
    owner: yiwuchu
    severity: 警告
    watch: { metric: bed_occupancy_rate, dimensions: [ward], window: yesterday }
    condition: { above: 1.0 }
    overrides:
      - { group: { department: '0901' }, condition: { below: 1.1 } }
    route: by-department
    schedule: ['every morning']
  - id: nowhere
    title: t
    owner: yiwuchu
    severity: 提示
    watch: { metric: bed_occupancy_rat, window: yesterday }
    condition: { above: 1 }
    route: missing
  - id: patients
    title: t
    owner: yiwuchu
    severity: 提示
    records: { metric: critical_value_on_time_rate, window: yesterday, key: patient_id, late: { from: verified_at, to: notified_at, minutes: 10 }, department: notified_dept_code }
routes:
  - { name: by-department, channels: [ward-robot, pager], muteTimes: [weekends] }
`;
    const problems = await problemsOf(await project({ 'a.yaml': channels.replace(/^routes:[\s\S]*?(?=^muteTimes:)/m, ''), 'b.yaml': bad }));
    expect(problems).toEqual([
      expect.stringMatching(/^<p>\/alerts\/b\.yaml:26:\d+: no channel "pager"; the channels are ward-robot, quality-dingtalk, director-mail$/),
      expect.stringMatching(/^<p>\/alerts\/b\.yaml:26:\d+: no mute time "weekends"; the mute times are nights$/),
      expect.stringMatching(/^<p>\/alerts\/b\.yaml:12:\d+: "every morning" is not a cron expression/),
      expect.stringMatching(/^<p>\/alerts\/b\.yaml:11:\d+: route "by-department" sends each alert to its group's own department, but the rule is not grouped by department/),
      expect.stringMatching(/^<p>\/alerts\/b\.yaml:10:\d+: an override changes the threshold of the rule's "above" condition, so it must be a "above" condition too$/),
      expect.stringMatching(/^<p>\/alerts\/b\.yaml:10:\d+: the rule is not grouped by department; its dimensions are ward$/),
      expect.stringMatching(/^<p>\/alerts\/b\.yaml:19:\d+: no route "missing"; the routes are by-department$/),
      expect.stringMatching(/^<p>\/alerts\/b\.yaml:17:\d+: nowhere: .*bed_occupancy_rat/),
      expect.stringMatching(/^<p>\/alerts\/b\.yaml:24:\d+: patient_id is a patient identifier \(mrn\); an alert is named by its key/),
    ]);
  });

  it('refuses a rule grouped by a patient identifier: messages name their group', async () => {
    // The hospital's model with a dimension over lab results' medical record numbers.
    const root = await mkdtemp(join(dir, 'pii-'));
    for (const entry of ['datasets', 'metrics']) await symlink(join(hospitalProject, entry), join(root, entry));
    await cp(join(hospitalProject, 'model'), join(root, 'model'), { recursive: true });
    const labs = join(root, 'model', 'lab_results.yaml');
    await writeFile(labs, (await readFile(labs, 'utf8')).replace('dimensions:\n', 'dimensions:\n  - { name: patient, label: { zh: 患者, en: Patient }, expr: patient_id }\n'));
    const withPatients = await readSemanticModel(root);
    await mkdir(join(root, 'alerts'));
    await writeFile(join(root, 'alerts', 'a.yaml'), `rules:
  - id: per-patient
    title: t
    owner: yiwuchu
    severity: 提示
    watch: { metric: critical_value_on_time_rate, dimensions: [department, patient], window: yesterday }
    condition: { below: 1 }
`);
    await expect(readProjectAlerts(root, withPatients, async (query) => { compileQuery(withPatients, query); }))
      .rejects.toThrow(/alerts\/a\.yaml:6:\d+: patient reads patient identifiers \(lab_results\.patient_id\); an alert names its group in every message/);
  });

  it('saves the project\'s rules at start: new ones created, changed ones replaced, the rest left alone', async () => {
    const store = await openMetadataStore(':memory:');
    try {
      const { rules: read } = await readProjectAlerts(await project({ 'channels.yaml': channels, 'rules.yaml': rules }), model, check);
      expect(await saveProjectRules(store.alerts, read)).toEqual({ created: ['ward-occupancy', 'infections-yoy', 'critical-value-late'], changed: [], unchanged: [] });
      const edited = read.map((r) => (r.id === 'infections-yoy' ? { ...r, severity: 'warning' as const } : r));
      expect(await saveProjectRules(store.alerts, edited)).toEqual({ created: [], changed: ['infections-yoy'], unchanged: ['ward-occupancy', 'critical-value-late'] });
      expect(await store.alerts.rule('infections-yoy')).toMatchObject({ savedBy: 'project files', rule: { severity: 'warning' } });
    } finally {
      store.close();
    }
  });
});
