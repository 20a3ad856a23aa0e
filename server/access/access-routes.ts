// Admins read and replace the row policies and column rules, and search the audit log. A policy
// naming a dimension, dataset or column the model lacks is refused with the name and the choices.
import type { FastifyPluginAsync } from 'fastify';
import type { SemanticModel } from '../../metrics/model/semantic-model.ts';
import { type AuditAction, type AuditSearch, type ColumnRule, type MetadataStore, type RowPolicy } from '../store/metadata-store.ts';
import { errorSchema } from '../error-schema.ts';
import { signedIn } from '../auth/authentication.ts';
import { accessConfigSchema } from './access-config.ts';

const auditActions: AuditAction[] = [
  'login', 'login_failed', 'logout', 'query', 'drill_through', 'export', 'access_preview', 'access_refused', 'upload', 'metric_version',
  'user_created', 'user_changed', 'user_removed', 'policies_changed', 'chart_saved', 'chart_removed',
  'dashboard_saved', 'dashboard_published', 'dashboard_removed', 'dashboard_shared', 'share_link_created', 'share_link_opened',
  'rejected_rows', 'load_held', 'load_confirmed', 'load_discarded', 'login_unlocked',
];

const policiesSchema = {
  type: 'object', required: ['rowPolicies', 'columnRules'], additionalProperties: false,
  properties: { rowPolicies: accessConfigSchema.properties.rowPolicies, columnRules: accessConfigSchema.properties.columnRules },
} as const;

type Policies = { rowPolicies: Omit<RowPolicy, 'id'>[]; columnRules: Omit<ColumnRule, 'id'>[] };

/** What in `policies` the model does not have, as messages naming the field. */
export function policyProblems(model: SemanticModel, columnsOf: (dataset: string) => string[] | null, policies: Policies): string[] {
  const problems: string[] = [];
  const datasets = [...model.datasets.keys()];
  policies.rowPolicies.forEach((p, i) => {
    if (!model.dimensions.has(p.dimension)) problems.push(`rowPolicies/${i}/dimension: no dimension "${p.dimension}"; the dimensions are ${[...model.dimensions.keys()].join(', ')}`);
    for (const exempt of p.exempt ?? []) if (!model.datasets.has(exempt)) problems.push(`rowPolicies/${i}/exempt: no model dataset "${exempt}"; the datasets are ${datasets.join(', ')}`);
  });
  policies.columnRules.forEach((r, i) => {
    const columns = columnsOf(r.dataset);
    if (!columns) problems.push(`columnRules/${i}/dataset: no dataset "${r.dataset}"`);
    else if (!columns.includes(r.column)) problems.push(`columnRules/${i}/column: ${r.dataset} has no column "${r.column}"; its columns are ${columns.join(', ')}`);
  });
  return problems;
}

export const accessRoutes: FastifyPluginAsync<{ store: MetadataStore; model: SemanticModel; columnsOf: (dataset: string) => string[] | null }> = async (app, { store, model, columnsOf }) => {
  app.get('/access/policies', {
    config: { grant: 'manage_access' },
    schema: { summary: 'Row policies and column rules', response: { 200: policiesSchema } },
  }, async () => ({
    rowPolicies: (await store.policies.rowPolicies()).map(({ id: _id, ...p }) => p),
    columnRules: (await store.policies.columnRules()).map(({ id: _id, ...r }) => r),
  }));

  app.put<{ Body: Policies }>('/access/policies', {
    config: { grant: 'manage_access' },
    schema: { summary: 'Replace every row policy and column rule', body: policiesSchema, response: { 200: policiesSchema, 400: errorSchema } },
  }, async (request, reply) => {
    const policies = { rowPolicies: request.body.rowPolicies.map((p) => ({ ...p, exempt: p.exempt ?? [] })), columnRules: request.body.columnRules };
    const problems = policyProblems(model, columnsOf, policies);
    if (problems.length > 0) return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: problems.map((p) => `body/${p}`).join('; ') });
    const before = { rowPolicies: await store.policies.rowPolicies(), columnRules: await store.policies.columnRules() };
    await store.policies.replace(policies.rowPolicies, policies.columnRules);
    await store.audit.append({ username: signedIn(request).username, action: 'policies_changed', outcome: 'ok', detail: { before, after: policies }, rows: null });
    return policies;
  });

  app.get<{ Querystring: AuditSearch }>('/audit', {
    config: { grant: 'read_audit' },
    schema: {
      summary: 'Search the audit log, newest first',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          username: { type: 'string', maxLength: 64 }, action: { type: 'string', enum: auditActions },
          from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' },
          offset: { type: 'integer', minimum: 0, default: 0 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
        },
      },
      response: {
        200: {
          type: 'object', required: ['total', 'entries'],
          properties: {
            total: { type: 'integer' },
            entries: {
              type: 'array',
              items: {
                type: 'object', required: ['id', 'at', 'username', 'action', 'outcome', 'detail', 'rows'],
                properties: {
                  id: { type: 'integer' }, at: { type: 'string' }, username: { type: ['string', 'null'] }, action: { type: 'string' },
                  outcome: { type: 'string' }, detail: { type: 'object', additionalProperties: true }, rows: { type: ['integer', 'null'] },
                },
              },
            },
          },
        },
      },
    },
  }, async (request) => store.audit.search(request.query));
};
