// Who may read and who may change a board, and what each of them is shown. Owners and admins (with
// the edit_charts grant) edit; anyone else reads only the published version, and only when one of
// the board's shares names their role, their department or them.
import type { Dashboard, DashboardShare, DashboardSummary } from '../../web/api/types.ts';
import { hasGrant } from '../auth/grants.ts';
import type { StoredDashboard, User } from '../store/metadata-store.ts';

export const mayEdit = (user: User, board: StoredDashboard): boolean =>
  hasGrant(user.role, 'edit_charts') && (board.owner === user.username || user.role === 'admin');

export const shareMatches = (user: User) => (share: DashboardShare): boolean =>
  (share.kind === 'role' && share.role === user.role)
  || (share.kind === 'department' && user.department !== null && share.department === user.department)
  || (share.kind === 'user' && share.username === user.username);

export const mayRead = (user: User, board: StoredDashboard): boolean =>
  board.owner === user.username || user.role === 'admin' || (board.published !== null && board.shares.some(shareMatches(user)));

/**
 * The board as `user` sees it. Editors get the draft and the shares; readers neither (who else a
 * board is shared with is the owner's business).
 */
export function dashboardFor(user: User, board: StoredDashboard, { asReader = false } = {}): Dashboard {
  const editable = mayEdit(user, board);
  const showDraft = editable && !asReader;
  return {
    id: board.id, slug: board.slug, owner: board.owner,
    draft: showDraft ? board.draft : null,
    published: board.published,
    shares: editable ? board.shares : [],
    editable, createdAt: board.createdAt, updatedAt: board.updatedAt,
  };
}

export function summaryFor(user: User, board: StoredDashboard): DashboardSummary {
  const editable = mayEdit(user, board);
  const shown = (editable ? board.draft : null) ?? board.published?.definition ?? board.draft;
  return {
    id: board.id, slug: board.slug, owner: board.owner, title: shown?.title ?? board.slug,
    publishedVersion: board.published?.version ?? null, hasDraft: editable && board.draft !== null, editable, updatedAt: board.updatedAt,
  };
}
