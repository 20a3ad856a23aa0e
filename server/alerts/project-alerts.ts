// A project's alerts/*.yaml files read together and checked as one configuration: each file's
// schema, then what only the whole can say (unique names, routes and channels that exist, overrides
// that fit their rule, cron expressions), then each rule's query compiled by the metric center as
// its owner's would be. Every problem is named with its file, line and column; nothing is applied
// while any remains.
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { SpecError, yamlFiles, type SpecProblem } from '../../connectors/yaml-spec.ts';
import { compileDetail, dimensionColumns, QueryError } from '../../metrics/compile.ts';
import { LanguageError } from '../../metrics/language/index.ts';
import type { SemanticModel } from '../../metrics/model/semantic-model.ts';
import { AccessDenied } from '../query/query-service.ts';
import { sameDefinition, type QueryCheck } from '../dashboards/dashboard-definition.ts';
import type { AlertStore } from '../store/alert-store.ts';
import { departmentDimensionOf, isRecordRule, ownDepartment, recordColumns, type AlertCondition, type AlertRule, type AlertsConfig, type MetricAlertRule, type RecordAlertRule } from './alert-rule.ts';
import { parseAlertsYaml, type ParsedAlertsFile } from './alert-yaml.ts';
import { metricRuleQuery } from './rule-query.ts';
import { cronOf } from './schedule.ts';

/** An item of the configuration with the file it came from, to point a problem at. */
interface Placed {
  file: ParsedAlertsFile;
  path: (string | number)[];
}

const conditionKind = (condition: AlertCondition) => Object.keys(condition)[0]!;

/** Reads and checks every alerts/*.yaml of the project; throws one SpecError naming every problem. */
export async function readProjectAlerts(projectDir: string, model: SemanticModel, check: QueryCheck): Promise<AlertsConfig> {
  const files: ParsedAlertsFile[] = [];
  const problems: SpecProblem[] = [];
  for (const path of await yamlFiles(join(projectDir, 'alerts'))) {
    try {
      files.push(parseAlertsYaml(relative(process.cwd(), path) || path, await readFile(path, 'utf8')));
    } catch (error) {
      if (error instanceof SpecError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new SpecError(problems);
  return checkAlertsConfig(files, model, check);
}

/** Merges parsed files into one configuration; throws SpecError naming every problem. */
export async function checkAlertsConfig(files: ParsedAlertsFile[], model: SemanticModel, check: QueryCheck): Promise<AlertsConfig> {
  const problems: SpecProblem[] = [];
  const problem = ({ file, path }: Placed, message: string) => problems.push(file.at(path, message));
  const placed = <K extends keyof AlertsConfig>(key: K) => files.flatMap((file) => file.value[key].map((item, i) => ({ item: item as AlertsConfig[K][number], at: { file, path: [key, i] } })));
  const rules = placed('rules');
  const routes = placed('routes');
  const channels = placed('channels');
  const silences = placed('silences');
  const muteTimes = placed('muteTimes');

  const unique = (what: string, items: { name: string; at: Placed }[]) => {
    const seen = new Map<string, Placed>();
    for (const { name, at } of items) {
      const first = seen.get(name);
      if (first) problem({ file: at.file, path: [...at.path, what === 'rule' ? 'id' : 'name'] }, `another ${what} is named "${name}" (${first.file.file}); names must be unique across alerts/*.yaml`);
      else seen.set(name, at);
    }
  };
  unique('rule', rules.map(({ item, at }) => ({ name: item.id, at })));
  unique('route', routes.map(({ item, at }) => ({ name: item.name, at })));
  unique('channel', channels.map(({ item, at }) => ({ name: item.name, at })));
  unique('mute time', muteTimes.map(({ item, at }) => ({ name: item.name, at })));

  const channelNames = new Set(channels.map((c) => c.item.name));
  const knownChannels = (names: string[], at: Placed) => names.forEach((name, i) => {
    if (!channelNames.has(name)) problem({ file: at.file, path: [...at.path, i] }, `no channel "${name}"; ${channelNames.size ? `the channels are ${[...channelNames].join(', ')}` : 'define it under channels:'}`);
  });
  const muteNames = new Set(muteTimes.map((m) => m.item.name));
  for (const { item: route, at } of routes) {
    knownChannels(route.channels, { file: at.file, path: [...at.path, 'channels'] });
    route.muteTimes?.forEach((name, i) => {
      if (!muteNames.has(name)) problem({ file: at.file, path: [...at.path, 'muteTimes', i] }, `no mute time "${name}"; ${muteNames.size ? `the mute times are ${[...muteNames].join(', ')}` : 'define it under muteTimes:'}`);
    });
    route.escalation?.forEach((step, i) => {
      knownChannels(step.channels, { file: at.file, path: [...at.path, 'escalation', i, 'channels'] });
      const before = route.escalation![i - 1];
      if (before && step.afterMinutes <= before.afterMinutes) problem({ file: at.file, path: [...at.path, 'escalation', i, 'afterMinutes'] }, `escalation step ${i + 1} comes after ${step.afterMinutes} minutes, not later than step ${i} (${before.afterMinutes}); list steps in order`);
    });
  }

  const routeByName = new Map(routes.map((r) => [r.item.name, r.item]));
  const ruleIds = new Set(rules.map((r) => r.item.id));
  for (const { item: rule, at } of rules) {
    const here = (...path: (string | number)[]) => ({ file: at.file, path: [...at.path, ...path] });
    rule.schedule?.forEach((expression, i) => {
      try {
        cronOf(expression);
      } catch (error) {
        problem(here('schedule', i), (error as Error).message);
      }
    });
    const route = rule.route === undefined ? undefined : routeByName.get(rule.route);
    if (rule.route !== undefined && !route) problem(here('route'), `no route "${rule.route}"; ${routeByName.size ? `the routes are ${[...routeByName.keys()].join(', ')}` : 'define it under routes:'}`);
    const ownDepartmentNeeded = route && [route.responsible, ...(route.escalation ?? []).map((s) => s.responsible)]
      .some((r) => r === undefined || ('department' in r && r.department === ownDepartment));
    if (ownDepartmentNeeded && !isRecordRule(rule) && departmentDimensionOf(rule) === null) {
      problem(here('route'), `route "${rule.route}" sends each alert to its group's own department, but the rule is not grouped by department; add department to watch.dimensions, set departmentDimension, or name a responsible in the route`);
    }
    if (isRecordRule(rule)) problems.push(...recordRuleProblems(rule, model, here));
    else problems.push(...await metricRuleProblems(rule, check, here));
  }

  for (const { item: silence, at } of silences) {
    if (Date.parse(silence.from) >= Date.parse(silence.to)) problem({ file: at.file, path: [...at.path, 'to'] }, `the silence ends (${silence.to}) before it starts (${silence.from})`);
    silence.rules?.forEach((id, i) => {
      if (!ruleIds.has(id)) problem({ file: at.file, path: [...at.path, 'rules', i] }, `no rule "${id}" to silence`);
    });
  }
  if (problems.length > 0) throw new SpecError(problems);
  return {
    rules: rules.map((r) => r.item), routes: routes.map((r) => r.item), channels: channels.map((c) => c.item),
    silences: silences.map((s) => s.item), muteTimes: muteTimes.map((m) => m.item),
  };

  async function metricRuleProblems(rule: MetricAlertRule, checkQuery: QueryCheck, here: (...path: (string | number)[]) => Placed): Promise<SpecProblem[]> {
    const found: SpecProblem[] = [];
    const add = (at: Placed, message: string) => found.push(at.file.at(at.path, message));
    const kind = conditionKind(rule.condition);
    if ('outside' in rule.condition && rule.condition.outside[0] >= rule.condition.outside[1]) add(here('condition', 'outside'), 'outside: [lower, upper] needs lower < upper');
    const dimensions = rule.watch.dimensions ?? [];
    dimensions.forEach((dimension, i) => {
      const identifying = model.dimensions.has(dimension) ? dimensionColumns(model, dimension).find((c) => c.pii) : undefined;
      if (identifying) add(here('watch', 'dimensions', i), `${dimension} reads patient identifiers (${identifying.table}.${identifying.column}); an alert names its group in every message, so group by a department, ward or test instead`);
    });
    rule.overrides?.forEach((override, i) => {
      if (conditionKind(override.condition) !== kind) add(here('overrides', i, 'condition'), `an override changes the threshold of the rule's "${kind}" condition, so it must be a "${kind}" condition too`);
      for (const dimension of Object.keys(override.group)) {
        if (!dimensions.includes(dimension)) add(here('overrides', i, 'group', dimension), `the rule is not grouped by ${dimension}; its dimensions are ${dimensions.join(', ') || 'none'}`);
      }
    });
    if (rule.departmentDimension !== undefined && !dimensions.includes(rule.departmentDimension)) {
      add(here('departmentDimension'), `${rule.departmentDimension} is not one of the rule's dimensions (${dimensions.join(', ') || 'none'})`);
    }
    // The queries an evaluation runs, compiled as of any day: the window is relative.
    for (const query of metricRuleQuery(rule, '2000-06-15')) {
      try {
        await checkQuery(query.query);
      } catch (error) {
        if (!(error instanceof QueryError || error instanceof LanguageError || error instanceof AccessDenied)) throw error;
        add(here('watch'), `${rule.id}: ${error.message}`);
        break;
      }
    }
    return found;
  }
}

function recordRuleProblems(rule: RecordAlertRule, model: SemanticModel, here: (...path: (string | number)[]) => Placed): SpecProblem[] {
  const { records } = rule;
  const columns = recordColumns(records);
  try {
    const compiled = compileDetail(model, { metric: records.metric, ...(records.where ? { where: records.where } : {}), timeRange: { relative: records.window }, asOf: '2000-06-15' }, 'duckdb', undefined, columns);
    const key = compiled.columns.find((c) => c.name === records.key)!;
    if (key.pii) {
      const at = here('records', 'key');
      return [at.file.at(at.path, `${records.key} is a patient identifier (${key.pii}); an alert is named by its key, so choose a column that identifies the record, not the patient`)];
    }
    return [];
  } catch (error) {
    if (!(error instanceof QueryError || error instanceof LanguageError)) throw error;
    const at = here('records');
    return [at.file.at(at.path, `${rule.id}: ${error.message}`)];
  }
}

/** Who saves the rules of project files, as dashboards name it. */
export const projectAuthor = 'project files';

export interface ProjectAlertsReport {
  created: string[];
  changed: string[];
  unchanged: string[];
}

/**
 * Saves the project's rules at start: a new id is created, a rule differing from the stored one
 * replaces it, an unchanged one is left alone. Rules no longer in the files stay (an admin removes
 * them): their history is an audit record.
 */
export async function saveProjectRules(store: AlertStore, rules: AlertRule[]): Promise<ProjectAlertsReport> {
  const report: ProjectAlertsReport = { created: [], changed: [], unchanged: [] };
  for (const rule of rules) {
    const stored = await store.rule(rule.id);
    if (stored && sameDefinition(stored.rule, rule)) {
      report.unchanged.push(rule.id);
      continue;
    }
    await store.saveRule(rule, projectAuthor);
    (stored ? report.changed : report.created).push(rule.id);
  }
  return report;
}
