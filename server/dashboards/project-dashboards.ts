// Dashboards as code: a project's dashboards/<slug>.yaml files, published at server start. A new
// slug becomes a board owned by `admin` (the account every HBI store starts with) and published as
// version 1; a file that differs from the latest published version is published as the next one;
// an unchanged file changes nothing. Publishing a file leaves an editor's draft alone. Shares
// written in the file replace the board's. Any problem stops the start, naming file and line.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { SpecError, yamlFiles, type SpecProblem } from '../../connectors/yaml-spec.ts';
import type { SemanticModel } from '../../metrics/model/semantic-model.ts';
import type { DashboardShare } from '../../web/api/types.ts';
import { accessOf } from '../access/user-access.ts';
import type { QueryService } from '../query/query-service.ts';
import type { MetadataStore, StoredDashboard, User } from '../store/metadata-store.ts';
import { checkFor, layoutProblems, queryProblems, sameDefinition, slugPattern, type QueryCheck } from './dashboard-definition.ts';
import { parseDashboardYaml, type DashboardFile } from './dashboard-yaml.ts';

/** Who publishes project files (as `metric_version` entries name them), and who owns the boards they create. */
export const projectAuthor = 'project files';
export const projectOwner = 'admin';
const projectNote = 'project files';

export interface ProjectDashboardsReport {
  created: string[];
  published: string[];
  unchanged: string[];
  /** The board the web app opens on: the project's first file, by name. */
  home: string | null;
}


export interface ProjectDashboardFile {
  slug: string;
  /** As shown in messages: relative to the working folder. */
  file: string;
  value: DashboardFile;
}

/**
 * Reads and checks every dashboards/*.yaml of the project: the file name is the slug, the schema,
 * the grid, and each chart tile's query through `check`. Throws one SpecError naming every problem
 * with its file and line.
 */
export async function readProjectDashboards(projectDir: string, model: SemanticModel, check: QueryCheck): Promise<ProjectDashboardFile[]> {
  const problems: SpecProblem[] = [];
  const files: ProjectDashboardFile[] = [];
  for (const path of await yamlFiles(join(projectDir, 'dashboards'))) {
    const file = relative(process.cwd(), path) || path;
    const slug = basename(path).replace(/\.ya?ml$/, '');
    try {
      const parsed = parseDashboardYaml(file, await readFile(path, 'utf8'));
      if (!slugPattern.test(slug)) {
        problems.push({ file, line: 1, column: 1, message: 'the file name must be the board\'s slug: 1 to 64 characters of a-z, 0-9 and - (e.g. hospital-operations.yaml)' });
        continue;
      }
      if (parsed.value.slug !== undefined && parsed.value.slug !== slug) {
        problems.push(...parsed.problemsAt([{ path: ['slug'], message: `slug: "${parsed.value.slug}" differs from the file name; a project file's slug is its name ("${slug}")` }]));
        continue;
      }
      const layout = layoutProblems(parsed.value.definition, model);
      const found = layout.length > 0 ? layout : await queryProblems(parsed.value.definition, check);
      if (found.length > 0) problems.push(...parsed.problemsAt(found));
      else files.push({ slug, file, value: parsed.value });
    } catch (error) {
      if (error instanceof SpecError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new SpecError(problems);
  return files;
}

/** Checks every file first (tile queries compiled as an admin would run them), so a bad file stops the start before any board changes. */
export async function publishProjectDashboards(projectDir: string, store: MetadataStore, model: SemanticModel, queries: QueryService): Promise<ProjectDashboardsReport> {
  const admin: User = { username: projectOwner, displayName: projectOwner, role: 'admin', department: null, disabled: false, createdAt: new Date(0).toISOString() };
  const files = await readProjectDashboards(projectDir, model, checkFor(await accessOf(admin, store.policies), queries));

  const report: ProjectDashboardsReport = { created: [], published: [], unchanged: [], home: files[0]?.slug ?? null };
  const audit = (action: 'dashboard_saved' | 'dashboard_published' | 'dashboard_shared', board: StoredDashboard, detail: Record<string, unknown>) =>
    store.audit.append({ username: projectAuthor, action, outcome: 'ok', detail: { dashboard: board.id, slug: board.slug, owner: board.owner, ...detail }, rows: null });
  for (const { slug, file, value } of files) {
    let board = await store.dashboards.getBySlug(slug);
    if (!board) {
      board = await store.dashboards.create({ id: randomUUID(), slug, owner: projectOwner, draft: null, shares: value.shares ?? [] });
      await audit('dashboard_saved', board, { title: value.definition.title, created: true, file });
      report.created.push(slug);
    } else if (value.shares && !sameDefinition(value.shares, board.shares)) {
      board = (await store.dashboards.setShares(board.id, value.shares satisfies DashboardShare[]))!;
      await audit('dashboard_shared', board, { shares: value.shares, file });
    }
    if (board.published && sameDefinition(board.published.definition, value.definition)) {
      report.unchanged.push(slug);
      continue;
    }
    board = (await store.dashboards.publish(board.id, { publishedBy: projectAuthor, note: projectNote, definition: value.definition }))!;
    await audit('dashboard_published', board, { version: board.published!.version, note: projectNote, title: value.definition.title, file });
    if (!report.created.includes(slug)) report.published.push(slug);
  }
  return report;
}
