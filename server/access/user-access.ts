// What one user may see, worked out once per request from their role and the stored policies:
// the row filters the planner puts on every dataset scan, the columns hidden from them, and
// whether patient identifiers reach them unmasked. The cache keys results by all of it.
import type { AccessScope } from '../../metrics/compile.ts';
import type { PolicyStore, User } from '../store/metadata-store.ts';
import { hasGrant, roleGrants, type Grant } from '../auth/grants.ts';

export interface UserAccess {
  user: User;
  grants: readonly Grant[];
  scope: AccessScope;
  hidden: { dataset: string; column: string }[];
  unmask: boolean;
}

export async function accessOf(user: User, policies: PolicyStore): Promise<UserAccess> {
  const [rowPolicies, columnRules] = await Promise.all([policies.rowPolicies(), policies.columnRules()]);
  return {
    user,
    grants: roleGrants[user.role],
    scope: {
      rowFilters: rowPolicies.filter((p) => p.role === user.role).map((p) => ({
        dimension: p.dimension,
        // A user the policy applies to but who has no department sees no rows, never all of them.
        values: user[p.userAttribute] === null ? [] : [user[p.userAttribute]!],
        exempt: p.exempt,
      })),
    },
    hidden: columnRules.filter((r) => r.role === user.role).map(({ dataset, column }) => ({ dataset, column })),
    unmask: hasGrant(user.role, 'unmask'),
  };
}

/** The parts of an access that change what a query returns: two users with equal keys get equal results. */
export const accessKey = (access: UserAccess) => ({ scope: access.scope, hidden: access.hidden, unmask: access.unmask });
