// What each role may do. Roles are fixed (the access model of DESIGN.md); which rows and columns
// a role sees is data (row policies, column rules) that admins change.
import type { Role } from '../store/metadata-store.ts';

export type Grant =
  /** See PII-tagged values as they are. */
  | 'unmask'
  /** Read detail rows: drill-through and detail exports. */
  | 'detail'
  /** See the compiled SQL and plan of a query. */
  | 'view_sql'
  /** Upload extracts and read load reports with their rejected rows. */
  | 'steward_data'
  /** Manage users, row policies and column rules; preview another user's access. */
  | 'manage_access'
  /** Search the audit log. */
  | 'read_audit';

export const roleGrants: Record<Role, readonly Grant[]> = {
  admin: ['unmask', 'detail', 'view_sql', 'steward_data', 'manage_access', 'read_audit'],
  governance: ['detail', 'view_sql', 'steward_data'],
  analyst: ['detail'],
  viewer: [],
};

export const hasGrant = (role: Role, grant: Grant): boolean => roleGrants[role].includes(grant);
