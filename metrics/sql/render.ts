// SQL AST → SQL text and bound parameters, for one dialect.
import type { Dialect } from './dialect.ts';
import type { SqlExpr, SqlFrom, SqlOrder, SqlSelect, SqlValue } from './sql-ast.ts';

export interface RenderedSql {
  text: string;
  params: SqlValue[];
}

export function renderSelect(select: SqlSelect, dialect: Dialect): RenderedSql {
  const params: SqlValue[] = [];
  const text = new Renderer(dialect, params).select(select);
  return { text, params };
}

class Renderer {
  constructor(
    private readonly dialect: Dialect,
    private readonly params: SqlValue[],
  ) {}

  private id(name: string): string {
    return this.dialect.quoteIdentifier(name);
  }

  select(s: SqlSelect): string {
    const parts: string[] = [];
    if (s.with?.length) parts.push(`WITH ${s.with.map((w) => `${this.id(w.name)} AS (${this.select(w.query)})`).join(',\n')}`);
    parts.push(`SELECT ${s.distinct ? 'DISTINCT ' : ''}${s.columns.map((c) => (c.expr.kind === 'star' ? this.expr(c.expr) : `${this.expr(c.expr)} AS ${this.id(c.alias)}`)).join(', ')}`);
    if (s.from) parts.push(`FROM ${this.from(s.from)}`);
    if (s.where) parts.push(`WHERE ${this.expr(s.where)}`);
    if (s.groupBy?.length) parts.push(`GROUP BY ${s.groupBy.map((e) => this.expr(e)).join(', ')}`);
    if (s.having) parts.push(`HAVING ${this.expr(s.having)}`);
    if (s.orderBy?.length) parts.push(`ORDER BY ${this.order(s.orderBy)}`);
    if (s.limit !== undefined) parts.push(`LIMIT ${Math.trunc(s.limit)}`);
    if (s.offset !== undefined) parts.push(`OFFSET ${Math.trunc(s.offset)}`);
    return parts.join('\n');
  }

  private order(orders: SqlOrder[]): string {
    return orders.map((o) => `${this.expr(o.expr)}${o.desc ? ' DESC' : ' ASC'} NULLS LAST`).join(', ');
  }

  private from(f: SqlFrom): string {
    switch (f.kind) {
      case 'table':
        return `${f.schema ? `${this.id(f.schema)}.` : ''}${this.id(f.name)} AS ${this.id(f.alias)}`;
      case 'derived':
        return `(${this.select(f.query)}) AS ${this.id(f.alias)}`;
      case 'union':
        return `(${f.queries.map((q) => this.select(q)).join('\nUNION ALL\n')}) AS ${this.id(f.alias)}`;
      case 'days':
        return this.dialect.daySeries(this.expr(f.from), this.expr(f.to), this.id(f.alias));
      case 'join': {
        const type = { inner: 'JOIN', left: 'LEFT JOIN', full: 'FULL JOIN', cross: 'CROSS JOIN' }[f.type];
        const condition = f.using ? ` USING (${f.using.map((c) => this.id(c)).join(', ')})` : f.on ? ` ON ${this.expr(f.on)}` : '';
        return `${this.from(f.left)}\n${type} ${this.from(f.right)}${condition}`;
      }
    }
  }

  expr(e: SqlExpr): string {
    switch (e.kind) {
      case 'column':
        return `${e.table ? `${this.id(e.table)}.` : ''}${this.id(e.name)}`;
      case 'param':
        this.params.push(e.value);
        return this.dialect.placeholder(this.params.length);
      case 'constant':
        if (e.value === null) return 'NULL';
        if (typeof e.value === 'boolean') return e.value ? 'TRUE' : 'FALSE';
        if (!Number.isFinite(e.value)) throw new Error(`not a finite constant: ${e.value}`);
        return String(e.value);
      case 'star':
        return e.table ? `${this.id(e.table)}.*` : '*';
      case 'unary':
        return e.op === 'NOT' ? `(NOT ${this.expr(e.arg)})` : `(-${this.expr(e.arg)})`;
      case 'binary':
        if (e.op === '/') return this.dialect.divide(this.expr(e.left), this.expr(e.right));
        return `(${this.expr(e.left)} ${e.op} ${this.expr(e.right)})`;
      case 'in':
        return `(${this.expr(e.expr)} ${e.negated ? 'NOT IN' : 'IN'} (${e.list.map((x) => this.expr(x)).join(', ')}))`;
      case 'between':
        return `(${this.expr(e.expr)} ${e.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${this.expr(e.low)} AND ${this.expr(e.high)})`;
      case 'like':
        return `(${this.expr(e.expr)} ${e.negated ? 'NOT ' : ''}${e.caseInsensitive ? 'ILIKE' : 'LIKE'} ${this.expr(e.pattern)})`;
      case 'isNull':
        return `(${this.expr(e.expr)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
      case 'case':
        return `CASE ${e.whens.map((w) => `WHEN ${this.expr(w.when)} THEN ${this.expr(w.then)}`).join(' ')}${e.else ? ` ELSE ${this.expr(e.else)}` : ''} END`;
      case 'cast':
        return `CAST(${this.expr(e.expr)} AS ${this.dialect.castType(e.type)})`;
      case 'function':
        return `${e.name}(${e.args.map((a) => this.expr(a)).join(', ')})`;
      case 'truncTime':
        return this.dialect.truncTime(e.grain, this.expr(e.expr));
      case 'datePart':
        return this.dialect.datePart(e.part, this.expr(e.expr));
      case 'dateDiff':
        return this.dialect.dateDiff(e.unit, this.expr(e.from), this.expr(e.to));
      case 'dateAdd':
        return this.dialect.dateAdd(e.unit, this.expr(e.amount), this.expr(e.expr));
      case 'aggregate': {
        const orderBy = e.orderBy ? this.expr(e.orderBy) : undefined;
        if (e.filter && !this.dialect.supportsFilterClause) {
          const filtered: SqlExpr = { kind: 'case', whens: [{ when: e.filter, then: e.arg ?? { kind: 'constant', value: 1 } }] };
          return this.dialect.aggregate(e.fn, this.expr(filtered), { ...(e.fraction !== undefined ? { fraction: e.fraction } : {}), ...(orderBy ? { orderBy } : {}) });
        }
        const call = this.dialect.aggregate(e.fn, e.arg ? this.expr(e.arg) : null, { ...(e.fraction !== undefined ? { fraction: e.fraction } : {}), ...(orderBy ? { orderBy } : {}) });
        return e.filter ? `${call} FILTER (WHERE ${this.expr(e.filter)})` : call;
      }
      case 'window': {
        const over = [
          e.partitionBy.length ? `PARTITION BY ${e.partitionBy.map((p) => this.expr(p)).join(', ')}` : '',
          e.orderBy.length ? `ORDER BY ${this.order(e.orderBy)}` : '',
          e.frame.kind === 'whole' ? '' : e.frame.kind === 'running' ? 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW' : this.dialect.dayRangeFrame(Math.trunc(e.frame.days)),
        ].filter(Boolean).join(' ');
        return `${e.fn}(${e.args.map((a) => this.expr(a)).join(', ')}) OVER (${over})`;
      }
      case 'neighbour':
        return `${e.fn}(${this.expr(e.arg)}) OVER (PARTITION BY ${e.partitionBy.map((p) => this.expr(p)).join(', ')} ORDER BY ${this.order(e.orderBy)})`;
      case 'subquery':
        return `(${this.select(e.query)})`;
      case 'daysOf':
        return this.dialect.daysOf(this.expr(e.from), this.expr(e.to));
    }
  }
}
