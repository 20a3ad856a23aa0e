// Dashboards in the metadata file: a row per board (its draft and shares), its published versions
// (immutable, numbered without gaps) and its share links (only the token's hash is kept).
import type { DashboardDefinition, DashboardShare, DashboardVersion } from '../../web/api/types.ts';
import { MetadataConflict, type DashboardLink, type DashboardStore, type StoredDashboard } from './metadata-store.ts';
import { iso, json, timestampOf, type Db, type Row, type SerialConnection } from './serial-connection.ts';

const dashboardVersion = (r: Row): DashboardVersion => ({
  version: Number(r.version), definition: json(r.definition) as DashboardDefinition, publishedBy: r.published_by as string,
  publishedAt: iso(r.published_at), note: r.note as string,
});

const dashboardLink = (r: Row): DashboardLink => ({
  tokenHash: r.token_hash as string, dashboardId: r.dashboard_id as string, createdBy: r.created_by as string,
  createdAt: iso(r.created_at), expiresAt: iso(r.expires_at),
});

/** A board with its latest version: one query, the version's columns prefixed `v_`. */
const withLatest = (where: string) => `
  SELECT d.*, v.version AS v_version, v.definition AS v_definition, v.published_by AS v_published_by, v.published_at AS v_published_at, v.note AS v_note
  FROM dashboards d
  LEFT JOIN (SELECT * FROM dashboard_versions QUALIFY row_number() OVER (PARTITION BY dashboard_id ORDER BY version DESC) = 1) v ON v.dashboard_id = d.id
  ${where}`;

const storedDashboard = (r: Row): StoredDashboard => ({
  id: r.id as string, slug: r.slug as string, owner: r.owner as string,
  draft: r.draft === null ? null : json(r.draft) as DashboardDefinition,
  shares: json(r.shares) as DashboardShare[],
  published: r.v_version === null || r.v_version === undefined ? null : dashboardVersion({
    version: r.v_version, definition: r.v_definition, published_by: r.v_published_by, published_at: r.v_published_at, note: r.v_note,
  }),
  createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
});

const dayMs = 24 * 3600_000;

export function dashboardStore(serial: SerialConnection, clock: () => Date): DashboardStore {
  const read = async (db: Db, id: string) => {
    const [row] = await db.rows(withLatest('WHERE d.id = $id'), { id });
    return row ? storedDashboard(row) : null;
  };
  /** Runs `change` on the board's row (stamping updated_at) and answers the board as it is then; null when there is none. */
  const changing = (id: string, change: (db: Db) => Promise<number>) => serial.transaction(async (db) => (await change(db) > 0 ? read(db, id) : null));
  return {
    list: () => serial.run(async (db) => (await db.rows(withLatest('ORDER BY d.updated_at DESC, d.id'))).map(storedDashboard)),
    get: (id) => serial.run((db) => read(db, id)),
    getBySlug: (slug) => serial.run(async (db) => {
      const [row] = await db.rows(withLatest('WHERE d.slug = $slug'), { slug });
      return row ? storedDashboard(row) : null;
    }),
    create: (board) => serial.transaction(async (db) => {
      const [taken] = await db.rows('SELECT id FROM dashboards WHERE slug = $slug', { slug: board.slug });
      if (taken) throw new MetadataConflict(`a dashboard with the slug "${board.slug}" exists already; choose another slug`);
      const now = timestampOf(clock());
      await db.execute('INSERT INTO dashboards VALUES ($id, $slug, $owner, $draft, $shares, $now, $now)', {
        id: board.id, slug: board.slug, owner: board.owner, draft: board.draft === null ? null : JSON.stringify(board.draft), shares: JSON.stringify(board.shares), now,
      });
      return (await read(db, board.id))!;
    }),
    saveDraft: (id, draft) => changing(id, (db) => db.execute('UPDATE dashboards SET draft = $draft, updated_at = $now WHERE id = $id', {
      id, draft: draft === null ? null : JSON.stringify(draft), now: timestampOf(clock()),
    })),
    publish: (id, { publishedBy, note, definition }) => serial.transaction(async (db) => {
      const board = await read(db, id);
      if (!board) return null;
      const published = definition ?? board.draft;
      if (!published) throw new MetadataConflict(`dashboard "${board.slug}" has no draft to publish`);
      const now = timestampOf(clock());
      await db.execute(`
        INSERT INTO dashboard_versions (dashboard_id, version, definition, published_by, published_at, note)
        SELECT $id, coalesce(max(version), 0) + 1, $definition, $publishedBy, $now, $note FROM dashboard_versions WHERE dashboard_id = $id`, {
        id, definition: JSON.stringify(published), publishedBy, now, note,
      });
      await db.execute(`UPDATE dashboards SET ${definition ? '' : 'draft = NULL, '}updated_at = $now WHERE id = $id`, { id, now });
      return read(db, id);
    }),
    versions: (id) => serial.run(async (db) => (await db.rows('SELECT * FROM dashboard_versions WHERE dashboard_id = $id ORDER BY version DESC', { id })).map(dashboardVersion)),
    version: (id, version) => serial.run(async (db) => {
      const [row] = await db.rows('SELECT * FROM dashboard_versions WHERE dashboard_id = $id AND version = $version', { id, version });
      return row ? dashboardVersion(row) : null;
    }),
    setShares: (id, shares) => changing(id, (db) => db.execute('UPDATE dashboards SET shares = $shares, updated_at = $now WHERE id = $id', {
      id, shares: JSON.stringify(shares), now: timestampOf(clock()),
    })),
    remove: (id) => serial.transaction(async (db) => {
      await db.execute('DELETE FROM dashboard_links WHERE dashboard_id = $id', { id });
      await db.execute('DELETE FROM dashboard_versions WHERE dashboard_id = $id', { id });
      return await db.execute('DELETE FROM dashboards WHERE id = $id', { id }) > 0;
    }),
    createLink: (link, days) => serial.run(async (db) => {
      const now = clock();
      const [row] = await db.rows('INSERT INTO dashboard_links VALUES ($tokenHash, $dashboardId, $createdBy, $createdAt, $expiresAt) RETURNING *', {
        tokenHash: link.tokenHash, dashboardId: link.dashboardId, createdBy: link.createdBy,
        createdAt: timestampOf(now), expiresAt: timestampOf(new Date(now.getTime() + days * dayMs)),
      });
      return dashboardLink(row!);
    }),
    link: (tokenHash) => serial.run(async (db) => {
      const [row] = await db.rows('SELECT * FROM dashboard_links WHERE token_hash = $tokenHash', { tokenHash });
      if (!row) return null;
      const link = dashboardLink(row);
      return { ...link, expired: Date.parse(link.expiresAt) <= clock().getTime() };
    }),
  };
}
