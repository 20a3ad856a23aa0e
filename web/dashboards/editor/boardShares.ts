// What the 分享 dialog sends: its three parts (roles, department codes, usernames) as the board's shares.
import type { DashboardShare, Role } from '../../api/types.ts';

/** Usernames (or department codes) typed with commas, 、 or spaces between them, each once. */
export function usernamesOf(text: string): string[] {
  return [...new Set(text.split(/[\s,，、;；]+/).map((u) => u.trim()).filter(Boolean))];
}

/** The board's shares from the dialog's three parts. */
export function sharesOf(chosenRoles: Role[], departments: string[], usernames: string[]): DashboardShare[] {
  return [
    ...chosenRoles.map((role) => ({ kind: 'role' as const, role })),
    ...departments.map((department) => ({ kind: 'department' as const, department })),
    ...usernames.map((username) => ({ kind: 'user' as const, username })),
  ];
}
