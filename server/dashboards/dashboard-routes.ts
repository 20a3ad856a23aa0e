// Dashboards (驾驶舱): boards of tiles that an owner edits as a draft and publishes as numbered,
// immutable versions. Readers (by a share, or a link) see only the published version; a board
// holds no numbers, so each tile's query runs with the reader's own access. A board someone may
// not read is "not found"; one they may read but not change answers 403 to a change. Every
// definition saved or published is checked: the grid, the tabs, and each chart tile's query
// compiling for the person saving it. Boards travel as YAML (export, import, project files).
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { SpecError } from '../../connectors/yaml-spec.ts';
import type { SemanticModel } from '../../metrics/model/semantic-model.ts';
import type { DashboardDefinition, DashboardShare, HomeDashboardReply, ShareLink } from '../../web/api/types.ts';
import { signedIn, tokenHash } from '../auth/authentication.ts';
import { accessOf } from '../access/user-access.ts';
import { errorSchema } from '../error-schema.ts';
import { answering } from '../query/query-routes.ts';
import type { QueryService } from '../query/query-service.ts';
import { MetadataConflict, type AuditAction, type MetadataStore, type StoredDashboard } from '../store/metadata-store.ts';
import { dashboardFor, mayEdit, mayRead, summaryFor } from './dashboard-access.ts';
import { checkDefinition, checkFor, DefinitionError, definitionSchema, layoutProblems, queryProblems, sharesSchema } from './dashboard-definition.ts';
import { dashboardYaml, parseDashboardYaml } from './dashboard-yaml.ts';

const uuid = { type: 'string', format: 'uuid' } as const;
const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: uuid } } as const;
const slug = { type: 'string', pattern: '^[a-z0-9-]{1,64}$' } as const;
const anyObject = { type: 'object', additionalProperties: true } as const;
const versionSchema = {
  type: 'object', required: ['version', 'definition', 'publishedBy', 'publishedAt', 'note'],
  properties: { version: { type: 'integer' }, definition: anyObject, publishedBy: { type: 'string' }, publishedAt: { type: 'string' }, note: { type: 'string' } },
} as const;
const dashboardSchema = {
  type: 'object', required: ['id', 'slug', 'owner', 'draft', 'published', 'shares', 'editable', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' }, slug: { type: 'string' }, owner: { type: 'string' },
    draft: { type: ['object', 'null'], additionalProperties: true }, published: { ...versionSchema, type: ['object', 'null'] },
    shares: { type: 'array', items: anyObject }, editable: { type: 'boolean' }, createdAt: { type: 'string' }, updatedAt: { type: 'string' },
  },
} as const;
const summarySchema = {
  type: 'object', required: ['id', 'slug', 'owner', 'title', 'publishedVersion', 'hasDraft', 'editable', 'updatedAt'],
  properties: {
    id: { type: 'string' }, slug: { type: 'string' }, owner: { type: 'string' }, title: { type: 'string' },
    publishedVersion: { type: ['integer', 'null'] }, hasDraft: { type: 'boolean' }, editable: { type: 'boolean' }, updatedAt: { type: 'string' },
  },
} as const;
const yamlTypes = ['application/yaml', 'application/x-yaml', 'text/yaml'];
const maxYamlBytes = 1_000_000;
const maxLinkDays = 90;

/** A slug from the title's ASCII words, or `board-<id>` for a title without any (拼音 is not guessed). */
export function slugFromTitle(title: string, id: string): string {
  const ascii = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '').slice(0, 64).replace(/-+$/, '');
  return ascii || `board-${id.slice(0, 8)}`;
}

/** A board's definition, its draft and its shares are the request's mistakes when refused: 400 or 409 with the reason. */
function answeringBoard<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T | FastifyReply> {
  return answering(reply, async () => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DefinitionError) return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: error.message });
      if (error instanceof SpecError) {
        return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: error.problems.map((p) => `line ${p.line}, column ${p.column}: ${p.message}`).join('\n') });
      }
      if (error instanceof MetadataConflict) return reply.code(409).send({ statusCode: 409, error: 'Conflict', message: error.message });
      throw error;
    }
  });
}

/** Which board the web app opens on (the project's first dashboard file); set once the files are published. */
export interface HomeDashboard {
  slug: string | null;
}

export const dashboardRoutes: FastifyPluginAsync<{ store: MetadataStore; queries: QueryService; model: SemanticModel; home: HomeDashboard }> = async (app, { store, queries, model, home }) => {
  // Import takes the YAML file itself as the body (this plugin's routes only).
  app.addContentTypeParser(yamlTypes, { parseAs: 'string', bodyLimit: maxYamlBytes }, (_request, body, done) => done(null, body));

  const notFound = (reply: FastifyReply, id: string, why = 'you may read') =>
    reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no dashboard ${id} ${why}` });
  /** The board when the caller may read it (for readers: it is published and shared with them); else a 404 is sent. */
  const readable = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply): Promise<StoredDashboard | null> => {
    const board = await store.dashboards.get(request.params.id);
    if (!board || !mayRead(signedIn(request), board)) {
      await notFound(reply, request.params.id);
      return null;
    }
    return board;
  };
  /** The board when the caller may change it; a reader is told who may (403), anyone else gets a 404. */
  const editable = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply): Promise<StoredDashboard | null> => {
    const board = await readable(request, reply);
    if (!board) return null;
    if (!mayEdit(signedIn(request), board)) {
      await reply.code(403).send({ statusCode: 403, error: 'Forbidden', message: `only its owner ${board.owner} and admins may change dashboard "${board.slug}"` });
      return null;
    }
    return board;
  };
  const checked = async (request: FastifyRequest, definition: DashboardDefinition) =>
    checkDefinition(definition, model, await accessOf(signedIn(request), store.policies), queries);
  const audit = (request: FastifyRequest, action: AuditAction, board: StoredDashboard, detail: Record<string, unknown> = {}, outcome: 'ok' | 'refused' = 'ok') =>
    store.audit.append({ username: signedIn(request).username, action, outcome, detail: { dashboard: board.id, slug: board.slug, owner: board.owner, ...detail }, rows: null });
  const view = (request: FastifyRequest, board: StoredDashboard) => dashboardFor(signedIn(request), board);

  /** A new board of the caller's; a slug taken by the title's default gets the id's start appended. */
  const create = async (request: FastifyRequest, definition: DashboardDefinition, shares: DashboardShare[], chosenSlug: string | undefined) => {
    const id = randomUUID();
    let boardSlug = chosenSlug ?? slugFromTitle(definition.title, id);
    if (chosenSlug === undefined && await store.dashboards.getBySlug(boardSlug)) boardSlug = `${boardSlug.slice(0, 55)}-${id.slice(0, 8)}`;
    const board = await store.dashboards.create({ id, slug: boardSlug, owner: signedIn(request).username, draft: definition, shares });
    await audit(request, 'dashboard_saved', board, { title: definition.title, created: true });
    return board;
  };

  app.get('/dashboards', {
    schema: {
      summary: 'The dashboards you may read (your own, every one for admins, published ones shared with you), newest change first',
      response: {
        200: {
          type: 'object', required: ['dashboards', 'home'],
          // home: the id of the board the app opens on, when you may read it
          properties: { dashboards: { type: 'array', items: summarySchema }, home: { type: ['string', 'null'] } },
        },
      },
    },
  }, async (request) => {
    const user = signedIn(request);
    const readable = (await store.dashboards.list()).filter((b) => mayRead(user, b));
    return { dashboards: readable.map((b) => summaryFor(user, b)), home: readable.find((b) => b.slug === home.slug && b.published)?.id ?? null };
  });

  app.post<{ Body: { slug?: string; definition: DashboardDefinition } }>('/dashboards', {
    config: { grant: 'edit_charts' },
    schema: {
      summary: 'Create a dashboard of yours (its definition is the draft; nothing is published yet)',
      body: { type: 'object', required: ['definition'], additionalProperties: false, properties: { slug, definition: definitionSchema } },
      response: { 201: dashboardSchema, 400: errorSchema, 403: errorSchema, 409: errorSchema },
    },
  }, async (request, reply) => answeringBoard(reply, async () => {
    await checked(request, request.body.definition);
    const board = await create(request, request.body.definition, [], request.body.slug);
    return reply.code(201).send(view(request, board));
  }));

  app.post<{ Body: string }>('/dashboards/import', {
    config: { grant: 'edit_charts' },
    schema: {
      summary: 'Import a dashboard from its YAML file (content-type application/yaml): a new board, or a new draft of yours with that slug',
      consumes: yamlTypes,
      body: { type: 'string', maxLength: maxYamlBytes },
      response: { 200: dashboardSchema, 201: dashboardSchema, 400: errorSchema, 403: errorSchema, 409: errorSchema },
    },
  }, async (request, reply) => answeringBoard(reply, async () => {
    const file = parseDashboardYaml('dashboard.yaml', request.body);
    const { definition, shares } = file.value;
    const layout = layoutProblems(definition, model);
    const problems = layout.length > 0 ? layout : await queryProblems(definition, checkFor(await accessOf(signedIn(request), store.policies), queries));
    if (problems.length > 0) throw new SpecError(file.problemsAt(problems));
    const existing = file.value.slug === undefined ? null : await store.dashboards.getBySlug(file.value.slug);
    if (!existing) return reply.code(201).send(view(request, await create(request, definition, shares ?? [], file.value.slug)));
    if (!mayEdit(signedIn(request), existing)) {
      throw new MetadataConflict(`a dashboard with the slug "${existing.slug}" exists already and is not yours to change; give the file another slug`);
    }
    let board = (await store.dashboards.saveDraft(existing.id, definition))!;
    await audit(request, 'dashboard_saved', board, { title: definition.title, imported: true });
    if (shares) {
      board = (await store.dashboards.setShares(board.id, shares))!;
      await audit(request, 'dashboard_shared', board, { shares });
    }
    return view(request, board);
  }));

  // The listing's `home` and GET /dashboards/:id in one request, so that the app's first page asks once.
  app.get('/dashboards/home', {
    schema: {
      summary: 'The board the web app opens on, as GET /api/dashboards/:id answers it; null when there is none you may read',
      response: { 200: { type: 'object', required: ['dashboard'], properties: { dashboard: { ...dashboardSchema, type: ['object', 'null'] } } } },
    },
  }, async (request): Promise<HomeDashboardReply> => {
    const board = home.slug === null ? null : await store.dashboards.getBySlug(home.slug);
    // The same board the listing names as `home`: published, and readable by the caller.
    return { dashboard: board?.published && mayRead(signedIn(request), board) ? view(request, board) : null };
  });

  app.get<{ Params: { id: string } }>('/dashboards/:id', {
    schema: { summary: 'A dashboard: for editors with its draft, for readers its published version only', params: idParams, response: { 200: dashboardSchema, 404: errorSchema } },
  }, async (request, reply) => {
    const board = await readable(request, reply);
    return board ? view(request, board) : reply;
  });

  app.put<{ Params: { id: string }; Body: { definition: DashboardDefinition } }>('/dashboards/:id/draft', {
    config: { grant: 'edit_charts' },
    schema: {
      summary: 'Save the draft of a dashboard (readers keep seeing the published version)',
      params: idParams,
      body: { type: 'object', required: ['definition'], additionalProperties: false, properties: { definition: definitionSchema } },
      response: { 200: dashboardSchema, 400: errorSchema, 403: errorSchema, 404: errorSchema },
    },
  }, async (request, reply) => answeringBoard(reply, async () => {
    if (!await editable(request, reply)) return reply;
    await checked(request, request.body.definition);
    const board = (await store.dashboards.saveDraft(request.params.id, request.body.definition))!;
    await audit(request, 'dashboard_saved', board, { title: request.body.definition.title });
    return view(request, board);
  }));

  app.post<{ Params: { id: string }; Body: { note?: string } | null }>('/dashboards/:id/publish', {
    config: { grant: 'edit_charts' },
    schema: {
      summary: 'Publish the draft as the next version (the draft is then cleared)',
      params: idParams,
      // The body may be left out: a publish without a note.
      body: { type: ['object', 'null'], additionalProperties: false, properties: { note: { type: 'string', maxLength: 500 } } },
      response: { 200: dashboardSchema, 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
    },
  }, async (request, reply) => answeringBoard(reply, async () => {
    const before = await editable(request, reply);
    if (!before) return reply;
    if (!before.draft) throw new MetadataConflict(`dashboard "${before.slug}" has no draft to publish; change it first`);
    await checked(request, before.draft);
    const note = request.body?.note ?? '';
    const board = (await store.dashboards.publish(before.id, { publishedBy: signedIn(request).username, note }))!;
    await audit(request, 'dashboard_published', board, { version: board.published!.version, note, title: board.published!.definition.title });
    return view(request, board);
  }));

  app.get<{ Params: { id: string } }>('/dashboards/:id/versions', {
    schema: {
      summary: 'Every published version of a dashboard, newest first (its editors only)',
      params: idParams,
      response: { 200: { type: 'object', required: ['versions'], properties: { versions: { type: 'array', items: versionSchema } } }, 403: errorSchema, 404: errorSchema },
    },
  }, async (request, reply) => {
    const board = await editable(request, reply);
    return board ? { versions: await store.dashboards.versions(board.id) } : reply;
  });

  app.post<{ Params: { id: string; version: number } }>('/dashboards/:id/versions/:version/restore', {
    config: { grant: 'edit_charts' },
    schema: {
      summary: 'Make a published version the draft again (publish it to make it current)',
      params: { type: 'object', required: ['id', 'version'], additionalProperties: false, properties: { id: uuid, version: { type: 'integer', minimum: 1 } } },
      response: { 200: dashboardSchema, 403: errorSchema, 404: errorSchema },
    },
  }, async (request, reply) => {
    const board = await editable(request, reply);
    if (!board) return reply;
    const version = await store.dashboards.version(board.id, request.params.version);
    if (!version) return notFound(reply, request.params.id, `version ${request.params.version}: it has versions up to ${board.published?.version ?? 0}`);
    const restored = (await store.dashboards.saveDraft(board.id, version.definition))!;
    await audit(request, 'dashboard_saved', restored, { restoredVersion: version.version });
    return view(request, restored);
  });

  app.put<{ Params: { id: string }; Body: { shares: DashboardShare[] } }>('/dashboards/:id/shares', {
    config: { grant: 'edit_charts' },
    schema: {
      summary: 'Who may read the published version: roles, departments, users',
      params: idParams,
      body: { type: 'object', required: ['shares'], additionalProperties: false, properties: { shares: sharesSchema } },
      response: { 200: dashboardSchema, 403: errorSchema, 404: errorSchema },
    },
  }, async (request, reply) => {
    if (!await editable(request, reply)) return reply;
    const board = (await store.dashboards.setShares(request.params.id, request.body.shares))!;
    await audit(request, 'dashboard_shared', board, { shares: request.body.shares });
    return view(request, board);
  });

  app.post<{ Params: { id: string }; Body: { expiresInDays: number } }>('/dashboards/:id/links', {
    config: { grant: 'edit_charts' },
    schema: {
      summary: 'A link that opens the published version for any signed-in user until it expires',
      params: idParams,
      body: { type: 'object', required: ['expiresInDays'], additionalProperties: false, properties: { expiresInDays: { type: 'integer', minimum: 1, maximum: maxLinkDays } } },
      response: {
        201: { type: 'object', required: ['token', 'path', 'expiresAt'], properties: { token: { type: 'string' }, path: { type: 'string' }, expiresAt: { type: 'string' } } },
        403: errorSchema, 404: errorSchema,
      },
    },
  }, async (request, reply) => {
    const board = await editable(request, reply);
    if (!board) return reply;
    const token = randomBytes(32).toString('base64url');
    const link = await store.dashboards.createLink({ tokenHash: tokenHash(token), dashboardId: board.id, createdBy: signedIn(request).username }, request.body.expiresInDays);
    await audit(request, 'share_link_created', board, { expiresAt: link.expiresAt });
    return reply.code(201).send({ token, path: `/shared/${token}`, expiresAt: link.expiresAt } satisfies ShareLink);
  });

  app.get<{ Params: { token: string } }>('/links/:token', {
    schema: {
      summary: "A shared link's dashboard: its published version, as a reader",
      params: { type: 'object', required: ['token'], additionalProperties: false, properties: { token: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,128}$' } } },
      response: { 200: dashboardSchema, 404: errorSchema, 410: errorSchema },
    },
  }, async (request, reply) => {
    const link = await store.dashboards.link(tokenHash(request.params.token));
    const board = link && await store.dashboards.get(link.dashboardId);
    if (!link || !board) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: 'no such share link: check that it was copied whole, or ask for a new one' });
    if (link.expired) {
      await audit(request, 'share_link_opened', board, { expiresAt: link.expiresAt, reason: 'expired' }, 'refused');
      return reply.code(410).send({ statusCode: 410, error: 'Gone', message: `this share link expired at ${link.expiresAt}; ask ${link.createdBy} for a new one` });
    }
    if (!board.published) return notFound(reply, board.id, 'published yet: the link opens once its owner publishes it');
    await audit(request, 'share_link_opened', board, { createdBy: link.createdBy, version: board.published.version });
    return dashboardFor(signedIn(request), board, { asReader: true });
  });

  app.get<{ Params: { id: string }; Querystring: { draft?: boolean } }>('/dashboards/:id/export', {
    schema: {
      summary: 'The dashboard as a YAML file (its published version; ?draft=true: its draft, for editors)',
      params: idParams,
      querystring: { type: 'object', additionalProperties: false, properties: { draft: { type: 'boolean' } } },
      produces: ['application/yaml'],
      response: { 200: { description: 'dashboards/<slug>.yaml', content: { 'application/yaml': { schema: { type: 'string' } } } }, 403: errorSchema, 404: errorSchema, 409: errorSchema },
    },
  }, async (request, reply) => {
    const board = request.query.draft ? await editable(request, reply) : await readable(request, reply);
    if (!board) return reply;
    const definition = request.query.draft ? board.draft ?? board.published?.definition : board.published?.definition;
    if (!definition) {
      return reply.code(409).send({ statusCode: 409, error: 'Conflict', message: `dashboard "${board.slug}" has no published version yet; export its draft with ?draft=true` });
    }
    const shares = mayEdit(signedIn(request), board) ? board.shares : [];
    return reply.type('application/yaml; charset=utf-8').header('content-disposition', `attachment; filename="${board.slug}.yaml"`)
      .send(dashboardYaml({ slug: board.slug, definition, shares }));
  });

  app.delete<{ Params: { id: string } }>('/dashboards/:id', {
    config: { grant: 'edit_charts' },
    schema: { summary: 'Remove a dashboard with its versions and links', params: idParams, response: { 204: { type: 'null' }, 403: errorSchema, 404: errorSchema } },
  }, async (request, reply) => {
    const board = await editable(request, reply);
    if (!board) return reply;
    await store.dashboards.remove(board.id);
    await audit(request, 'dashboard_removed', board);
    return reply.code(204).send();
  });
};
