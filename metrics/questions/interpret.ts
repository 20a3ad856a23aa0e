// Tokens → an outcome. Every content word must be understood: a word the catalogue does not know
// stops the answer (with "did you mean" when it is close to a name it knows), because a query that
// silently drops a word ("平均年龄") answers a different question with confidence. Then: the
// metrics; values as filters on the dimensions every metric has; dimensions as breakdowns (a
// dimension word beside one of its values only names the filter, unless 各/按/by says otherwise);
// grains and trends as time; comparisons, rankings and top-N. The query is planned before it is
// offered, so a question the planner would refuse is refused here with its reason.
import { formatName, formatString } from '../language/index.ts';
import type { Label } from '../model/model-spec.ts';
import { planQuery, QueryError, type Comparison, type MetricQuery } from '../plan/planner.ts';
import { periodOf, rangeDays, resolveRange } from '../plan/time-range.ts';
import type { TimeGrain } from '../sql/sql-ast.ts';
import { metricLabel, valueKey, type QuestionCatalogue } from './catalogue.ts';
import { originalWords, type NormalizedQuestion } from './normalize.ts';
import type { Chip, Interpretation, QuestionOutcome } from './question-outcome.ts';
import type { Token } from './scan.ts';
import { suggestionsFor } from './suggest.ts';
import type { QuestionRange } from './time-expressions.ts';

const grainLabels: Record<TimeGrain, Label> = {
  day: { zh: '按日', en: 'by day' }, week: { zh: '按周', en: 'by week' }, month: { zh: '按月', en: 'by month' },
  quarter: { zh: '按季度', en: 'by quarter' }, year: { zh: '按年', en: 'by year' },
};
const compareLabels: Record<Comparison, Label> = {
  yoy: { zh: '同比', en: 'vs last year' }, mom: { zh: '环比（上月）', en: 'vs last month' }, previous_period: { zh: '环比（上期）', en: 'vs previous period' },
};
const relativeLabels: Record<string, Label> = {
  today: { zh: '今天', en: 'today' }, yesterday: { zh: '昨天', en: 'yesterday' }, last_7_days: { zh: '最近 7 天', en: 'last 7 days' },
  last_30_days: { zh: '最近 30 天', en: 'last 30 days' }, this_month: { zh: '本月', en: 'this month' }, last_month: { zh: '上个月', en: 'last month' },
  this_quarter: { zh: '本季度', en: 'this quarter' }, last_quarter: { zh: '上季度', en: 'last quarter' }, this_year: { zh: '今年', en: 'this year' },
  last_year: { zh: '去年', en: 'last year' },
};
/** A comparison without a period reads last month, as the cockpit's KPI cards do. */
const defaultComparedRange: QuestionRange = { relative: 'last_month' };
/** A trend over at most this many days is drawn by day, a longer one by month. */
const dailyTrendDays = 92;
const ignorable = /^[\p{P}\p{S}\s]+$/u;

function timeLabel(range: QuestionRange, asOf: string): Label {
  const days = resolveRange(range, asOf)!;
  const span = days.from === days.to ? days.from : `${days.from} – ${days.to}`;
  return 'relative' in range ? { zh: `${relativeLabels[range.relative]!.zh}（${span}）`, en: `${relativeLabels[range.relative]!.en} (${span})` } : { zh: span, en: span };
}

export function refusal(catalogue: QuestionCatalogue, reason: Label): QuestionOutcome {
  return { kind: 'refused', reason, canAnswer: [...catalogue.model.metrics.keys()].map((metric) => ({ metric, label: metricLabel(catalogue, metric) })) };
}

export function interpretTokens(tokens: Token[], question: NormalizedQuestion, catalogue: QuestionCatalogue, asOf: string): QuestionOutcome {
  const words = (t: { start: number; end: number }) => originalWords(question, t.start, t.end);
  // A token without words is one a choice added (a ranking's group): the parser assumed it.
  const chipAt = (t: Token) => (t.start === t.end
    ? { words: '', span: null, assumed: true }
    : { words: words(t), span: [question.origin[t.start]!, question.origin[t.end]!] as [number, number], assumed: false });
  const model = catalogue.model;

  // Unknown words: "did you mean", or a refusal naming them.
  const unknown = tokens.filter((t) => t.kind === 'unknown' && !ignorable.test(words(t)));
  if (unknown.length) {
    for (const token of unknown) {
      const i = tokens.indexOf(token);
      // A typo may have split a name: 床位使用律 scans as 床位使用 (an abbreviation) + 律.
      const spans = [token, ...[tokens[i - 1], tokens[i + 1]].filter((n): n is Token => n !== undefined && ['metric', 'value'].includes(n.kind))
        .map((n) => ({ start: Math.min(n.start, token.start), end: Math.max(n.end, token.end) }))];
      for (const span of spans.reverse()) {
        const suggestions = suggestionsFor(question.text.slice(span.start, span.end).trim(), catalogue);
        if (suggestions.length === 0) continue;
        const said = words(span);
        return {
          kind: 'did_you_mean', words: said,
          suggestions: suggestions.map((s) => ({
            target: s.target,
            label: s.target.kind === 'metric' ? metricLabel(catalogue, s.target.metric) : { zh: s.name, en: s.name },
            question: question.original.slice(0, question.origin[span.start]) + s.name + question.original.slice(question.origin[span.end]),
          })),
        };
      }
    }
    const said = unknown.map(words).join('」「');
    const examples = [...model.metrics.values()].slice(0, 5).map((m) => m.spec.label);
    return refusal(catalogue, {
      zh: `不理解「${said}」：问数只回答指标目录里的指标，例如${examples.map((l) => l.zh).join('、')}。`,
      en: `"${unknown.map(words).join('", "')}" is not in the metric catalogue; questions are answered from its metrics, such as ${examples.map((l) => l.en).join(', ')}.`,
    });
  }

  // A word standing for several metrics (取消率) or dimension values (急诊): one choice each.
  const ambiguousAt = tokens.findIndex((t) => (t.kind === 'metric' && t.metrics.length > 1));
  if (ambiguousAt !== -1) {
    const token = tokens[ambiguousAt] as Extract<Token, { kind: 'metric' }>;
    const choices = token.metrics.flatMap((metric) => {
      const outcome = interpretTokens(tokens.map((t, i) => (i === ambiguousAt ? { ...token, metrics: [metric] } : t)), question, catalogue, asOf);
      return outcome.kind === 'answer' ? [{ label: metricLabel(catalogue, metric), query: outcome.query, chips: outcome.chips }] : [];
    });
    if (choices.length === 1) return { kind: 'answer', query: choices[0]!.query, chips: choices[0]!.chips };
    if (choices.length > 1) return { kind: 'ambiguous', words: words(token), prompt: { zh: `「${words(token)}」指哪个指标？`, en: `Which metric is "${words(token)}"?` }, choices };
  }

  const metricTokens = tokens.filter((t): t is Extract<Token, { kind: 'metric' }> => t.kind === 'metric');
  const metrics = [...new Set(metricTokens.flatMap((t) => t.metrics))];
  if (metrics.length === 0) {
    return refusal(catalogue, { zh: '问题里没有指标目录中的指标：请说出要看的指标，例如出院人数、床位使用率。', en: 'The question names no metric of the catalogue: say which one, such as discharges or bed occupancy rate.' });
  }
  const available = (dimension: string) => metrics.every((m) => catalogue.metricDimensions.get(m)!.includes(dimension));
  const dimensionLabel = (dimension: string) => model.dimensions.get(dimension)!.label;
  const notAvailable = (dimension: string, use: Label): QuestionOutcome => {
    const metric = metrics.find((m) => !catalogue.metricDimensions.get(m)!.includes(dimension))!;
    const can = catalogue.metricDimensions.get(metric)!.map(dimensionLabel);
    const label = metricLabel(catalogue, metric);
    return refusal(catalogue, {
      zh: `${label.zh}不能按${dimensionLabel(dimension).zh}${use.zh}：它可以按${can.map((l) => l.zh).join('、') || '时间'}分析。`,
      en: `${label.en} cannot be ${use.en} ${dimensionLabel(dimension).en}; it can be split by ${can.map((l) => l.en).join(', ') || 'time only'}.`,
    });
  };

  const chips: Chip[] = metricTokens.map((t) => ({ ...chipAt(t), part: 'metric', metric: t.metrics[0]!, label: metricLabel(catalogue, t.metrics[0]!) }));

  // Filters: values on dimensions every metric has.
  const filters = new Map<string, string[]>();
  for (const token of tokens) {
    if (token.kind !== 'value') continue;
    const fitting = [...new Set(token.values.filter((v) => available(v.dimension)).map((v) => v.dimension))];
    if (fitting.length === 0) return notAvailable(token.values[0]!.dimension, { zh: '筛选', en: 'filtered by' });
    if (fitting.length > 1) {
      const choices = fitting.flatMap((dimension) => {
        const outcome = interpretTokens(tokens.map((t) => (t === token ? { ...token, values: token.values.filter((v) => v.dimension === dimension) } : t)), question, catalogue, asOf);
        return outcome.kind === 'answer' ? [{ label: dimensionLabel(dimension), query: outcome.query, chips: outcome.chips }] : [];
      });
      if (choices.length > 1) return { kind: 'ambiguous', words: words(token), prompt: { zh: `「${words(token)}」指哪一类？`, en: `Which kind of "${words(token)}"?` }, choices };
      if (choices.length === 1) return { kind: 'answer', query: choices[0]!.query, chips: choices[0]!.chips };
    }
    const value = token.values.find((v) => v.dimension === fitting[0])!;
    filters.set(value.dimension, [...new Set([...(filters.get(value.dimension) ?? []), value.value])]);
    chips.push({ ...chipAt(token), part: 'filter', dimension: value.dimension, values: [value.value], label: { zh: `${dimensionLabel(value.dimension).zh}：${catalogue.valueLabels.get(valueKey(value.dimension, value.value))}`, en: `${dimensionLabel(value.dimension).en}: ${catalogue.valueLabels.get(valueKey(value.dimension, value.value))}` } });
  }

  // Breakdowns.
  const dimensions: string[] = [];
  tokens.forEach((token, i) => {
    if (token.kind !== 'dimension') return;
    const before = tokens[i - 1];
    const marked = before?.kind === 'phrase' && (before.phrase.kind === 'by' || before.phrase.kind === 'which');
    if (filters.has(token.dimension) && !marked) return;
    if (!dimensions.includes(token.dimension)) dimensions.push(token.dimension);
    chips.push({ ...chipAt(token), part: 'dimension', dimension: token.dimension, label: { zh: `按${dimensionLabel(token.dimension).zh}`, en: `by ${dimensionLabel(token.dimension).en}` } });
  });
  const unavailable = dimensions.find((d) => !available(d));
  if (unavailable) return notAvailable(unavailable, { zh: '分组', en: 'split by' });

  // Time.
  const times = tokens.filter((t): t is Extract<Token, { kind: 'time' }> => t.kind === 'time');
  if (times.length > 1) {
    return refusal(catalogue, {
      zh: `问题里有多个时间段（${times.map(words).join('、')}）：请一次问一个，比较用同比或环比。`,
      en: `The question names several periods (${times.map(words).join(', ')}): ask one at a time, or compare with year over year or month over month.`,
    });
  }
  let range: QuestionRange | undefined = times[0]?.mention.range;
  if (times[0]) chips.push({ ...chipAt(times[0]), part: 'time', range: range!, label: timeLabel(range!, asOf) });
  const grainToken = tokens.find((t): t is Extract<Token, { kind: 'phrase' }> => t.kind === 'phrase' && t.phrase.kind === 'grain');
  const trendToken = tokens.find((t) => t.kind === 'phrase' && t.phrase.kind === 'trend');
  let grain: TimeGrain | undefined;
  if (grainToken?.phrase.kind === 'grain') {
    grain = grainToken.phrase.grain;
    chips.push({ ...chipAt(grainToken), part: 'grain', grain, label: grainLabels[grain] });
  } else if (trendToken) {
    const days = range ? rangeDays(resolveRange(range, asOf)!) : Infinity;
    grain = days <= dailyTrendDays ? 'day' : 'month';
    chips.push({ ...chipAt(trendToken), part: 'grain', grain, label: grainLabels[grain] });
  }
  if (grain) dimensions.push('time');

  // Comparisons.
  const compare: Comparison[] = [];
  for (const token of tokens) {
    if (token.kind !== 'phrase' || token.phrase.kind !== 'compare') continue;
    if (!range && !grain) {
      range = defaultComparedRange;
      chips.push({ words: '', span: null, assumed: true, part: 'time', range, label: timeLabel(range, asOf) });
    }
    const days = range ? resolveRange(range, asOf)! : null;
    const wholeMonth = days !== null && periodOf(days.from, 'month')?.to === days.to;
    const monthly = grain === 'month' || (range !== undefined && 'relative' in range && ['last_month', 'this_month'].includes(range.relative)) || wholeMonth;
    const c: Comparison = token.phrase.compare === 'yoy' ? 'yoy' : monthly || !range ? 'mom' : 'previous_period';
    if (!compare.includes(c)) {
      compare.push(c);
      chips.push({ ...chipAt(token), part: 'compare', compare: c, label: compareLabels[c] });
    }
  }

  // Rankings.
  const topToken = tokens.find((t): t is Extract<Token, { kind: 'top' }> => t.kind === 'top');
  const rankToken = tokens.find((t): t is Extract<Token, { kind: 'phrase' }> => t.kind === 'phrase' && t.phrase.kind === 'rank');
  let order: MetricQuery['order'];
  let limit: number | undefined;
  if (topToken || rankToken) {
    if (dimensions.length === 0) {
      // Ranked among what? One choice per dimension the metric has.
      const by = catalogue.metricDimensions.get(metrics[0]!)!;
      const choices = by.flatMap((dimension) => {
        const at = tokens.indexOf((topToken ?? rankToken)!);
        const outcome = interpretTokens([...tokens.slice(0, at), { kind: 'dimension', dimension, start: tokens[at]!.start, end: tokens[at]!.start }, ...tokens.slice(at)], question, catalogue, asOf);
        return outcome.kind === 'answer' ? [{ label: dimensionLabel(dimension), query: outcome.query, chips: outcome.chips }] : [];
      });
      const said = words((topToken ?? rankToken)!);
      if (choices.length === 0) return refusal(catalogue, { zh: `${metricLabel(catalogue, metrics[0]!).zh}没有可排名的分组。`, en: `${metricLabel(catalogue, metrics[0]!).en} has no groups to rank.` });
      return { kind: 'ambiguous', words: said, prompt: { zh: `按什么排名「${said}」？`, en: `Rank "${said}" among what?` }, choices };
    }
    const desc = topToken ? topToken.desc : rankToken!.phrase.kind === 'rank' && rankToken!.phrase.desc;
    order = [{ by: metrics[0]!, desc }];
    limit = topToken ? topToken.limit : rankToken!.phrase.kind === 'rank' && rankToken!.phrase.superlative ? 1 : undefined;
    const from = (topToken ?? rankToken)!;
    chips.push({ ...chipAt(from), part: 'order', by: metrics[0]!, desc, label: { zh: desc ? '从高到低' : '从低到高', en: desc ? 'highest first' : 'lowest first' } });
    if (limit !== undefined) chips.push({ ...chipAt(from), part: 'limit', limit, label: { zh: `前 ${limit} 个`, en: `top ${limit}` } });
  }

  const where = [...filters].map(([dimension, values]) => (values.length === 1
    ? `${formatName(dimension)} = ${formatString(values[0]!)}`
    : `${formatName(dimension)} in (${values.map(formatString).join(', ')})`)).join(' and ');
  const query: MetricQuery = {
    metrics,
    ...(dimensions.length ? { dimensions: [...dimensions.filter((d) => d !== 'time'), ...dimensions.filter((d) => d === 'time')] } : {}),
    ...(grain ? { grain } : {}),
    ...(where ? { where } : {}),
    ...(range ? { timeRange: range } : {}),
    asOf,
    ...(compare.length ? { compare } : {}),
    ...(order ? { order } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
  try {
    planQuery(model, query);
  } catch (error) {
    if (error instanceof QueryError) return refusal(catalogue, { zh: `这个问题无法按指标口径回答：${error.message}`, en: `This cannot be answered from the metric definitions: ${error.message}` });
    throw error;
  }
  const interpretation: Interpretation = { query, chips: chips.sort((a, b) => (a.span?.[0] ?? Infinity) - (b.span?.[0] ?? Infinity)) };
  return { kind: 'answer', ...interpretation };
}
