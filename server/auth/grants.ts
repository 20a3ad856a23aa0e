// What each role may do. Roles are fixed (the access model of DESIGN.md); which rows and columns
// a role sees is data (row policies, column rules) that admins change.
import type { Grant, Role } from '../../web/api/types.ts';

export type { Grant };

export const roleGrants: Record<Role, readonly Grant[]> = {
  admin: ['unmask', 'detail', 'view_sql', 'steward_data', 'edit_charts', 'manage_access', 'read_audit'],
  governance: ['detail', 'view_sql', 'steward_data', 'edit_charts'],
  analyst: ['detail', 'edit_charts'],
  viewer: [],
};

export const hasGrant = (role: Role, grant: Grant): boolean => roleGrants[role].includes(grant);
