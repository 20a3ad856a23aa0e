// Today's answer port: the evaluator's questions put to `QueryService` with the principal's own
// access, worked out from the stored user and policies as for a request. When the governed query
// core lands (issue 19), an adapter over it takes this one's place and adds the audit entry.
import type { QueryService } from '../query/query-service.ts';
import { accessOf } from '../access/user-access.ts';
import type { MetadataStore, User } from '../store/metadata-store.ts';
import type { AlertAnswers, AlertPrincipal } from './answer-port.ts';
import type { Cell } from './condition.ts';

/** The owner of a rule is not someone the rule can be evaluated as. */
export class PrincipalUnavailable extends Error {}

const pageSize = 1000;
/** A record rule reading more rows than this is too wide to alert on one by one: narrow its window or filter. */
export const maxRecords = 20_000;

export function queryServiceAnswers(queries: QueryService, store: Pick<MetadataStore, 'users' | 'policies'>): AlertAnswers {
  const accessFor = async ({ username }: AlertPrincipal) => {
    const user = await store.users.get(username);
    if (!user) throw new PrincipalUnavailable(`the rule's owner "${username}" is not a user; give the rule an owner who is`);
    if (user.disabled) throw new PrincipalUnavailable(`the rule's owner "${username}" is disabled; give the rule another owner`);
    return accessOf(user, store.policies);
  };
  return {
    async answer(principal, query) {
      const result = await queries.query(await accessFor(principal), query);
      return { rows: result.rows };
    },
    async records(principal, query) {
      const access = await accessFor(principal);
      const rows: Record<string, Cell>[] = [];
      let columns: { name: string; pii?: string }[] = [];
      for (let offset = 0; ; offset += pageSize) {
        const page = await queries.detail(access, { metric: query.metric, ...(query.where ? { where: query.where } : {}), timeRange: query.timeRange, offset, limit: pageSize });
        if (page.total > maxRecords) throw new Error(`${page.total} rows lie behind ${query.metric} in ${query.timeRange.from}–${query.timeRange.to}, more than ${maxRecords}; narrow the rule's window or where`);
        columns = page.columns.filter((c) => query.columns.includes(c.name)).map((c) => ({ name: c.name, ...(c.pii ? { pii: c.pii } : {}) }));
        rows.push(...page.rows.map((row) => Object.fromEntries(query.columns.map((c) => [c, row[c] ?? null]))));
        if (offset + pageSize >= page.total) break;
      }
      return { rows, columns };
    },
    async scopeOf(audience) {
      const user: User | null = 'user' in audience
        ? await store.users.get(audience.user)
        : { username: `audience:${audience.role}`, displayName: audience.role, role: audience.role, department: audience.department ?? null, disabled: false, createdAt: new Date(0).toISOString() };
      // A reader who is no user (or is disabled) may see nothing.
      if (!user || user.disabled) return { rowFilters: [{ dimension: 'department', values: [], exempt: [] }] };
      return (await accessOf(user, store.policies)).scope;
    },
  };
}
