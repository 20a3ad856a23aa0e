// What a dashboard definition must be, wherever it comes from (the editor, an imported YAML file,
// a project's dashboards/ folder): its JSON schema, the rules a schema cannot say (the grid's
// width, unique tile ids, known tabs and filter dimensions), and that every chart tile's query
// compiles for the person saving it. Problems name the tile (its id, and its title when it has one).
import { QueryError, type MetricQuery } from '../../metrics/compile.ts';
import { LanguageError } from '../../metrics/language/index.ts';
import type { SemanticModel } from '../../metrics/model/semantic-model.ts';
import type { DashboardDefinition, DashboardTile } from '../../web/api/types.ts';
import { chartConfigSchema } from '../charts/chart-routes.ts';
import type { UserAccess } from '../access/user-access.ts';
import { metricQuerySchema } from '../query/query-schemas.ts';
import { AccessDenied, type QueryService } from '../query/query-service.ts';
import { roles } from '../store/metadata-store.ts';

export const gridColumns = 12;
export const maxTiles = 60;
export const maxTabs = 12;

const dimensionName = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' } as const;
const uuid = { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' } as const;
const gridUnits = (minimum: number, maximum: number) => ({ type: 'integer', minimum, maximum }) as const;

const tileSchema = {
  type: 'object', required: ['id', 'layout', 'kind'], additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 64 },
    layout: {
      type: 'object', required: ['x', 'y', 'w', 'h'], additionalProperties: false,
      properties: { x: gridUnits(0, gridColumns - 1), y: gridUnits(0, 10_000), w: gridUnits(1, gridColumns), h: gridUnits(1, 100) },
    },
    tab: { type: 'string', minLength: 1, maxLength: 40 },
    title: { type: 'string', maxLength: 100 },
    kind: { type: 'string', enum: ['chart', 'text'] },
    chart: chartConfigSchema,
    sourceChartId: uuid,
    ignoreGlobalFilters: { type: 'boolean' },
    text: { type: 'string', maxLength: 10_000 },
    style: { type: 'string', enum: ['title', 'note'] },
  },
  // A chart tile holds a chart and no text; a text tile the other way round.
  allOf: [
    {
      if: { type: 'object', required: ['kind'], properties: { kind: { const: 'chart' } } },
      then: { type: 'object', required: ['chart'], properties: { text: false, style: false } },
    },
    {
      if: { type: 'object', required: ['kind'], properties: { kind: { const: 'text' } } },
      then: { type: 'object', required: ['text'], properties: { chart: false, sourceChartId: false, ignoreGlobalFilters: false } },
    },
  ],
} as const;

const definitionProperties = {
  title: { type: 'string', minLength: 1, maxLength: 100 },
  description: { type: 'string', maxLength: 2000 },
  tabs: { type: 'array', maxItems: maxTabs, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 40 } },
  filters: {
    type: 'object', required: ['dimensions'], additionalProperties: false,
    properties: {
      timeRange: metricQuerySchema.properties.timeRange,
      dimensions: {
        type: 'array', maxItems: 8,
        items: {
          type: 'object', required: ['dimension', 'values'], additionalProperties: false,
          properties: { dimension: dimensionName, values: { type: 'array', maxItems: 500, items: { type: 'string', maxLength: 200 } }, pinned: { type: 'boolean' } },
        },
      },
    },
  },
  tiles: { type: 'array', maxItems: maxTiles, items: tileSchema },
  refreshSeconds: { type: 'integer', minimum: 10, maximum: 86_400 },
} as const;

export const definitionSchema = {
  type: 'object', required: ['title', 'description', 'tabs', 'filters', 'tiles'], additionalProperties: false,
  properties: definitionProperties,
} as const;

export const shareSchema = {
  type: 'object', required: ['kind'], additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: ['role', 'department', 'user'] },
    role: { type: 'string', enum: roles },
    department: { type: 'string', minLength: 1, maxLength: 64 },
    username: { type: 'string', minLength: 1, maxLength: 64 },
  },
  allOf: [
    { if: { type: 'object', required: ['kind'], properties: { kind: { const: 'role' } } }, then: { type: 'object', required: ['role'], properties: { department: false, username: false } } },
    { if: { type: 'object', required: ['kind'], properties: { kind: { const: 'department' } } }, then: { type: 'object', required: ['department'], properties: { role: false, username: false } } },
    { if: { type: 'object', required: ['kind'], properties: { kind: { const: 'user' } } }, then: { type: 'object', required: ['username'], properties: { role: false, department: false } } },
  ],
} as const;

export const sharesSchema = { type: 'array', maxItems: 200, items: shareSchema } as const;

export const slugPattern = /^[a-z0-9-]{1,64}$/;

/**
 * A board as a YAML file: its slug (optional: the file name or the title gives one), the
 * definition's fields at the top level, and who may read it. No owner: whoever imports it owns it.
 */
export const dashboardFileSchema = {
  type: 'object', required: ['title', 'description', 'tabs', 'filters', 'tiles'], additionalProperties: false,
  properties: { slug: { type: 'string' }, ...definitionProperties, shares: sharesSchema },
} as const;

/** A problem of a definition at a path inside it (for YAML files: where to point). */
export interface DefinitionProblem {
  path: (string | number)[];
  message: string;
}

/** A definition that may not be saved; its message names every problem. */
export class DefinitionError extends Error {
  constructor(readonly problems: DefinitionProblem[]) {
    super(problems.map((p) => p.message).join('; '));
  }
}

export const tileName = (tile: DashboardTile) => `tile "${tile.id}"${tile.title ? ` (${tile.title})` : ''}`;

/** What the schema cannot check: the grid's width, unique ids, known tabs and filter dimensions. */
export function layoutProblems(definition: DashboardDefinition, model: SemanticModel): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const seen = new Set<string>();
  definition.tiles.forEach((tile, i) => {
    if (seen.has(tile.id)) problems.push({ path: ['tiles', i, 'id'], message: `${tileName(tile)}: another tile has the id "${tile.id}"; tile ids must be unique` });
    seen.add(tile.id);
    const { x, w } = tile.layout;
    if (x + w > gridColumns) problems.push({ path: ['tiles', i, 'layout'], message: `${tileName(tile)}: x + w = ${x + w} is wider than the board's ${gridColumns} columns` });
    if (tile.tab !== undefined && !definition.tabs.includes(tile.tab)) {
      problems.push({
        path: ['tiles', i, 'tab'],
        message: `${tileName(tile)}: no tab "${tile.tab}" on this board; ${definition.tabs.length > 0 ? `its tabs are ${definition.tabs.join(', ')}` : 'it has no tabs'}`,
      });
    }
  });
  definition.filters.dimensions.forEach((filter, i) => {
    if (!model.dimensions.has(filter.dimension)) {
      problems.push({ path: ['filters', 'dimensions', i, 'dimension'], message: `filter: no dimension "${filter.dimension}" in the model` });
    }
  });
  return problems;
}

/** Compiles a query as someone would run it (nothing runs); throws QueryError, LanguageError or AccessDenied. */
export type QueryCheck = (query: MetricQuery) => Promise<void>;

export const checkFor = (access: UserAccess, queries: QueryService): QueryCheck => (query) => queries.check(access, query);

/** Every chart tile's query, compiled by `check`. */
export async function queryProblems(definition: DashboardDefinition, check: QueryCheck): Promise<DefinitionProblem[]> {
  const problems: DefinitionProblem[] = [];
  for (const [i, tile] of definition.tiles.entries()) {
    if (tile.kind !== 'chart') continue;
    try {
      await check(tile.chart.query);
    } catch (error) {
      if (!(error instanceof QueryError || error instanceof LanguageError || error instanceof AccessDenied)) throw error;
      problems.push({ path: ['tiles', i, 'chart', 'query'], message: `${tileName(tile)}: ${error.message}` });
    }
  }
  return problems;
}

/** Refuses, with every problem named, a definition that would not draw for `access`. */
export async function checkDefinition(definition: DashboardDefinition, model: SemanticModel, access: UserAccess, queries: QueryService): Promise<void> {
  const problems = layoutProblems(definition, model);
  if (problems.length === 0) problems.push(...await queryProblems(definition, checkFor(access, queries)));
  if (problems.length > 0) throw new DefinitionError(problems);
}

/** Key order does not make two definitions differ. */
export function sameDefinition(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
