// Alerts as code: an alerts/*.yaml file holds any of rules, routes, channels, silences and mute
// times. Read with positions (as dashboards are), so that every problem points at its line and
// column; severities may be written in Chinese (提示 / 警告 / 严重).
import { Ajv } from 'ajv';
import { readYamlSpec, type SpecProblem } from '../../connectors/yaml-spec.ts';
import { relativeRanges } from '../../metrics/plan/time-range.ts';
import { metricQuerySchema } from '../query/query-schemas.ts';
import { roles } from '../store/metadata-store.ts';
import { isRecordRule, severities, severityLabels, type AlertCondition, type AlertRule, type AlertsConfig, type Severity } from './alert-rule.ts';

const id = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } as const;
const envName = { type: 'string', pattern: '^[A-Z_][A-Z0-9_]{0,127}$' } as const;
const columnName = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' } as const;
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
const time = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' } as const;
const instant = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?(Z|[+-]\\d{2}:\\d{2})$' } as const;
const group = { type: 'object', maxProperties: 8, propertyNames: columnName, additionalProperties: { type: 'string', maxLength: 200 } } as const;
const names = { type: 'array', minItems: 1, maxItems: 20, uniqueItems: true, items: id } as const;

const condition = {
  type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: false,
  properties: {
    above: { type: 'number' },
    below: { type: 'number' },
    outside: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'number' } },
    change: {
      type: 'object', required: ['vs', 'percent'], additionalProperties: false,
      properties: {
        vs: { type: 'string', enum: ['previous_period', 'yoy'] },
        percent: { type: 'number', exclusiveMinimum: 0 },
        direction: { type: 'string', enum: ['up', 'down', 'either'] },
      },
    },
    noData: { const: true },
  },
} as const;

const responsible = {
  type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: false,
  properties: { department: text(64), role: { type: 'string', enum: roles }, user: text(64) },
} as const;

const audience = {
  type: 'object', additionalProperties: false,
  properties: { user: text(64), role: { type: 'string', enum: roles }, department: text(64) },
  oneOf: [{ required: ['user'], properties: { role: false, department: false } }, { required: ['role'], properties: { user: false } }],
} as const;

const window = { type: 'string', enum: relativeRanges } as const;
const severity = { type: 'string', enum: [...severities, ...severities.map((s) => severityLabels[s].zh)] } as const;

const common = {
  id, title: text(200), owner: text(64), severity,
  advice: text(2000), route: id,
  schedule: { type: 'array', minItems: 1, maxItems: 10, items: text(100) },
  afterLoad: { type: 'boolean' }, enabled: { type: 'boolean' },
} as const;

const metricRule = {
  type: 'object', required: ['id', 'title', 'owner', 'severity', 'watch', 'condition'], additionalProperties: false,
  properties: {
    ...common,
    watch: {
      type: 'object', required: ['metric', 'window'], additionalProperties: false,
      properties: {
        metric: metricQuerySchema.properties.metrics.items,
        dimensions: metricQuerySchema.properties.dimensions,
        where: metricQuerySchema.properties.where,
        window,
      },
    },
    condition,
    overrides: {
      type: 'array', maxItems: 500,
      items: { type: 'object', required: ['group', 'condition'], additionalProperties: false, properties: { group: { ...group, minProperties: 1 }, condition } },
    },
    for: { type: 'integer', minimum: 1, maximum: 1000 },
    departmentDimension: columnName,
  },
} as const;

const recordRule = {
  type: 'object', required: ['id', 'title', 'owner', 'severity', 'records'], additionalProperties: false,
  properties: {
    ...common,
    records: {
      type: 'object', required: ['metric', 'window', 'key', 'late', 'department'], additionalProperties: false,
      properties: {
        metric: metricQuerySchema.properties.metrics.items,
        where: metricQuerySchema.properties.where,
        window,
        key: columnName,
        late: {
          type: 'object', required: ['from', 'to', 'minutes'], additionalProperties: false,
          properties: { from: columnName, to: columnName, minutes: { type: 'number', exclusiveMinimum: 0 } },
        },
        handled: columnName,
        department: columnName,
        show: { type: 'array', maxItems: 20, uniqueItems: true, items: columnName },
      },
    },
  },
} as const;

const channel = {
  type: 'object', required: ['name', 'kind', 'audience'],
  properties: { name: id, kind: { type: 'string', enum: ['wecom', 'dingtalk', 'webhook', 'email'] } },
  allOf: [
    {
      if: { properties: { kind: { const: 'wecom' } } },
      then: { required: ['urlEnv'], additionalProperties: false, properties: { name: id, kind: {}, audience, urlEnv: envName } },
    },
    {
      if: { properties: { kind: { enum: ['dingtalk', 'webhook'] } } },
      then: { required: ['urlEnv', 'secretEnv'], additionalProperties: false, properties: { name: id, kind: {}, audience, urlEnv: envName, secretEnv: envName } },
    },
    {
      if: { properties: { kind: { const: 'email' } } },
      then: {
        required: ['smtpUrlEnv', 'from', 'to'], additionalProperties: false,
        properties: {
          name: id, kind: {}, audience, smtpUrlEnv: envName, from: text(200),
          to: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' } },
        },
      },
    },
  ],
} as const;

const step = {
  type: 'object', required: ['afterMinutes', 'responsible', 'channels'], additionalProperties: false,
  properties: { afterMinutes: { type: 'integer', minimum: 1, maximum: 100_000 }, responsible, channels: names },
} as const;

export const alertsFileSchema = {
  type: 'object', additionalProperties: false,
  properties: {
    rules: { type: 'array', maxItems: 1000, items: { oneOf: [metricRule, recordRule] } },
    routes: {
      type: 'array', maxItems: 200,
      items: {
        type: 'object', required: ['name', 'channels'], additionalProperties: false,
        properties: { name: id, responsible, channels: { ...names, minItems: 0 }, escalation: { type: 'array', maxItems: 10, items: step }, muteTimes: names },
      },
    },
    channels: { type: 'array', maxItems: 200, items: channel },
    silences: {
      type: 'array', maxItems: 1000,
      items: {
        type: 'object', required: ['from', 'to', 'reason'], additionalProperties: false,
        properties: { from: instant, to: instant, rules: names, group: { ...group, minProperties: 1 }, reason: text(500) },
      },
    },
    muteTimes: {
      type: 'array', maxItems: 100,
      items: {
        type: 'object', required: ['name', 'from', 'to'], additionalProperties: false,
        properties: {
          name: id, from: time, to: time,
          days: { type: 'array', minItems: 1, maxItems: 7, uniqueItems: true, items: { type: 'string', enum: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] } },
        },
      },
    },
  },
} as const;

const validateFile = new Ajv({ allErrors: true, allowUnionTypes: true, verbose: true }).compile(alertsFileSchema);

export interface ParsedAlertsFile {
  file: string;
  value: AlertsConfig;
  /** A problem at a path inside the file, pointed at by line and column. */
  at(path: (string | number)[], message: string): SpecProblem;
}

/** A change rises unless told otherwise; 严重 is `critical`. */
function normalized(rule: AlertRule): AlertRule {
  const chinese = new Map<string, Severity>(severities.map((s) => [severityLabels[s].zh, s]));
  const condition = (c: AlertCondition): AlertCondition => ('change' in c ? { change: { ...c.change, direction: c.change.direction ?? 'up' } } : c);
  const severity = chinese.get(rule.severity) ?? rule.severity;
  if (isRecordRule(rule)) return { ...rule, severity };
  return {
    ...rule, severity, condition: condition(rule.condition),
    ...(rule.overrides ? { overrides: rule.overrides.map((o) => ({ ...o, condition: condition(o.condition) })) } : {}),
  };
}

/** Throws SpecError (file:line:column: what) for bad YAML or a field the schema refuses. */
export function parseAlertsYaml(file: string, text: string): ParsedAlertsFile {
  const { value, at } = readYamlSpec<Partial<AlertsConfig>>(file, text, validateFile);
  return {
    file,
    value: {
      rules: (value.rules ?? []).map(normalized),
      routes: value.routes ?? [], channels: value.channels ?? [], silences: value.silences ?? [], muteTimes: value.muteTimes ?? [],
    },
    at: (path, message) => ({ file, ...at(path), message }),
  };
}
