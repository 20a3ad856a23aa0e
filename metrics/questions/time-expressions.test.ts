import { describe, expect, it } from 'vitest';
import { normalizeQuestion } from './normalize.ts';
import { matchTime } from './time-expressions.ts';

// Wednesday 18 June 2025.
const asOf = '2025-06-18';
const read = (question: string) => {
  const { text } = normalizeQuestion(question);
  const found = matchTime(text, 0, asOf);
  return found && found.end === text.length ? found.range : found;
};

describe('time expressions against a fixed as-of day', () => {
  it('keeps the relative ranges the query API has', () => {
    const cases: [string, string][] = [
      ['今天', 'today'], ['昨天', 'yesterday'], ['本月', 'this_month'], ['上个月', 'last_month'], ['上月', 'last_month'],
      ['本季度', 'this_quarter'], ['上季度', 'last_quarter'], ['今年', 'this_year'], ['今年以来', 'this_year'], ['去年', 'last_year'],
      ['最近30天', 'last_30_days'], ['近 7 天', 'last_7_days'], ['过去七天', 'last_7_days'], ['最近一周', 'last_7_days'],
      ['last month', 'last_month'], ['this year', 'this_year'], ['year to date', 'this_year'], ['the last 30 days', 'last_30_days'],
      ['yesterday', 'yesterday'], ['last quarter', 'last_quarter'],
    ];
    for (const [text, relative] of cases) expect(read(text), text).toEqual({ relative });
  });

  it('turns every other expression into inclusive days', () => {
    const cases: [string, string, string][] = [
      ['2025年3月', '2025-03-01', '2025-03-31'], ['2024年2月', '2024-02-01', '2024-02-29'], ['2025-03', '2025-03-01', '2025-03-31'],
      ['3月', '2025-03-01', '2025-03-31'], ['三月份', '2025-03-01', '2025-03-31'], ['11月', '2024-11-01', '2024-11-30'], ['去年12月', '2024-12-01', '2024-12-31'],
      ['Q1', '2025-01-01', '2025-03-31'], ['q3', '2024-07-01', '2024-09-30'], ['一季度', '2025-01-01', '2025-03-31'], ['2024年第四季度', '2024-10-01', '2024-12-31'],
      ['去年第二季度', '2024-04-01', '2024-06-30'], ['Q2 2024', '2024-04-01', '2024-06-30'],
      ['上半年', '2025-01-01', '2025-06-30'], ['下半年', '2024-07-01', '2024-12-31'], ['2024年上半年', '2024-01-01', '2024-06-30'],
      ['2024年', '2024-01-01', '2024-12-31'], ['2024年全年', '2024-01-01', '2024-12-31'], ['in 2023', '2023-01-01', '2023-12-31'], ['前年', '2023-01-01', '2023-12-31'],
      ['上周', '2025-06-09', '2025-06-15'], ['本周', '2025-06-16', '2025-06-18'], ['last week', '2025-06-09', '2025-06-15'],
      ['前天', '2025-06-16', '2025-06-16'], ['2025年6月1日', '2025-06-01', '2025-06-01'], ['6月1号', '2025-06-01', '2025-06-01'], ['2025/06/01', '2025-06-01', '2025-06-01'],
      ['最近14天', '2025-06-05', '2025-06-18'], ['近两周', '2025-06-05', '2025-06-18'], ['最近三个月', '2025-03-01', '2025-05-31'], ['近1年', '2024-06-01', '2025-05-31'],
      ['last 3 months', '2025-03-01', '2025-05-31'], ['the past two weeks', '2025-06-05', '2025-06-18'],
      ['March 2025', '2025-03-01', '2025-03-31'], ['in march', '2025-03-01', '2025-03-31'], ['december', '2024-12-01', '2024-12-31'], ['the first quarter of 2024', '2024-01-01', '2024-03-31'],
      ['上上个月', '2025-04-01', '2025-04-30'],
      ['1-3月', '2025-01-01', '2025-03-31'], ['1月到3月', '2025-01-01', '2025-03-31'], ['2024年1到6月', '2024-01-01', '2024-06-30'],
      ['2025年1月1日到2025年3月15日', '2025-01-01', '2025-03-15'], ['2025-01-01 to 2025-02-15', '2025-01-01', '2025-02-15'], ['january to march 2025', '2025-01-01', '2025-03-31'],
    ];
    for (const [text, from, to] of cases) expect(read(text), text).toEqual({ from, to });
  });

  it('reads an expression inside a question, and nothing where there is none', () => {
    const text = '心内科上个月的出院人数';
    expect(matchTime(text, 3, asOf)).toEqual({ start: 3, end: 6, range: { relative: 'last_month' }, days: { from: '2025-05-01', to: '2025-05-31' } });
    expect(matchTime(text, 0, asOf)).toBeNull();
    expect(matchTime('30天再入院率', 0, asOf)).toBeNull();
    expect(matchTime('13月', 0, asOf)).toBeNull();
    // "lastly" is no time; "last week" inside a sentence is.
    expect(matchTime('lastly', 0, asOf)).toBeNull();
    expect(matchTime('discharges last week', 11, asOf)?.end).toBe(20);
  });
});
