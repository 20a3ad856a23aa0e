// A dashboard as YAML (dashboards as code): read with positions, so that every problem points at
// its line, and written in a stable order that reads well in a review.
import { Ajv } from 'ajv';
import { Document, isScalar, visit } from 'yaml';
import { readYamlSpec, SpecError, type SpecProblem } from '../../connectors/yaml-spec.ts';
import type { DashboardDefinition, DashboardShare } from '../../web/api/types.ts';
import { dashboardFileSchema, slugPattern, type DefinitionProblem } from './dashboard-definition.ts';

export interface DashboardFile {
  slug?: string;
  definition: DashboardDefinition;
  shares?: DashboardShare[];
}

export interface ParsedDashboardFile {
  value: DashboardFile;
  /** Problems found later (tile queries) as SpecProblems pointing into the file. */
  problemsAt(problems: DefinitionProblem[]): SpecProblem[];
}

const validateFile = new Ajv({ allErrors: true, allowUnionTypes: true, verbose: true }).compile(dashboardFileSchema);

/** Throws SpecError (file:line:column: what) for bad YAML, a field the schema refuses, or a bad slug. */
export function parseDashboardYaml(file: string, text: string): ParsedDashboardFile {
  const { value, at } = readYamlSpec<DashboardFile['definition'] & { slug?: string; shares?: DashboardShare[] }>(file, text, validateFile);
  const { slug, shares, ...definition } = value;
  if (slug !== undefined && !slugPattern.test(slug)) {
    throw new SpecError([{ file, ...at(['slug']), message: `slug: "${slug}" must be 1 to 64 characters of a-z, 0-9 and -` }]);
  }
  return {
    value: { ...(slug !== undefined ? { slug } : {}), definition, ...(shares !== undefined ? { shares } : {}) },
    problemsAt: (problems) => problems.map((p) => ({ file, ...at(p.path), message: p.message })),
  };
}

/** The definition's fields in the order people read them, then who may read the board. */
export function dashboardYaml(board: { slug: string; definition: DashboardDefinition; shares: DashboardShare[] }): string {
  const { title, description, tabs, filters, tiles, refreshSeconds, ...rest } = board.definition;
  const document = new Document({
    slug: board.slug, title, description, tabs, filters, tiles,
    ...(refreshSeconds !== undefined ? { refreshSeconds } : {}), ...rest, shares: board.shares,
  });
  // Short lists of names and a tile's layout on one line each: `layout: { x: 0, y: 2, w: 3, h: 3 }`.
  visit(document, {
    Seq: (_, node) => {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
    Map: (_, node) => {
      if (node.items.length <= 4 && node.items.every((pair) => isScalar(pair.value) && typeof pair.value.value === 'number')) node.flow = true;
      if (node.items.every((pair) => isScalar(pair.value)) && node.items.length <= 3 && !node.items.some((pair) => isScalar(pair.key) && pair.key.value === 'text')) node.flow = true;
    },
  });
  return document.toString({ lineWidth: 0 });
}
