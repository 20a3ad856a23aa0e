// The words of a question that are not in the catalogue: comparisons (同比), rankings (最高, 排名),
// breakdowns (各, 按, by), time grains (按月, weekly), trends (趋势), the words staff use for the
// model's dimensions beyond their labels (部门 for 科室), and the words that carry no meaning for a
// query (请问, 是多少, what was). A word missing here is an unknown word: the question is then not
// answered, so this list errs on the side of real meaning.
import type { TimeGrain } from '../sql/sql-ast.ts';

export type Phrase =
  | { kind: 'compare'; compare: 'yoy' | 'mom' }
  /** `superlative`: the one highest or lowest (最高); otherwise an ordering (排名). */
  | { kind: 'rank'; desc: boolean; superlative: boolean }
  | { kind: 'grain'; grain: TimeGrain }
  | { kind: 'trend' }
  /** 各, 按, by: the next dimension is a breakdown, even beside a value of it. */
  | { kind: 'by' }
  /** 哪个, which: the question asks for the group that ranks first. */
  | { kind: 'which' }
  | { kind: 'filler' };

const table: [Phrase, string[]][] = [
  [{ kind: 'compare', compare: 'yoy' }, ['同比', '同比增长', '同比增长率', '同比变化', '同比增减', '去年同期', '上年同期', '同期', '比去年', '较去年', '与去年相比', '和去年比', '和去年相比', '跟去年比', '跟去年相比',
    'year over year', 'year-over-year', 'yoy', 'vs last year', 'versus last year', 'compared with last year', 'compared to last year', 'same period last year']],
  [{ kind: 'compare', compare: 'mom' }, ['环比', '环比增长', '环比增长率', '环比变化', '环比增减', '比上月', '较上月', '与上月相比', '和上月比', '和上个月比', '跟上个月比', '比上期', '较上期', '上期',
    'month over month', 'month-over-month', 'mom', 'vs last month', 'versus last month', 'compared with last month', 'compared to last month', 'vs previous period', 'vs the previous period', 'period over period']],
  [{ kind: 'rank', desc: true, superlative: true }, ['最高', '最多', '最大', '最长', '最高的', '最多的', 'highest', 'most', 'largest', 'longest', 'biggest', 'maximum', 'max', 'the most', 'the highest']],
  [{ kind: 'rank', desc: false, superlative: true }, ['最低', '最少', '最小', '最短', '最低的', '最少的', 'lowest', 'least', 'fewest', 'smallest', 'shortest', 'minimum', 'min', 'the least', 'the lowest', 'the fewest']],
  [{ kind: 'rank', desc: true, superlative: false }, ['排名', '排行', '排序', '排行榜', '名次', '从高到低', '由高到低', '降序', 'rank', 'ranking', 'ranked', 'ranks', 'sorted', 'sort', 'top', 'ranking of', 'from highest to lowest']],
  [{ kind: 'rank', desc: false, superlative: false }, ['从低到高', '由低到高', '升序', 'from lowest to highest']],
  [{ kind: 'grain', grain: 'day' }, ['按天', '按日', '每天', '每日', '逐日', '分日', '各天', '每一天', '日度', '哪天', '哪一天', 'daily', 'by day', 'per day', 'each day', 'day by day', 'which day']],
  [{ kind: 'grain', grain: 'week' }, ['按周', '每周', '逐周', '各周', '周度', '哪周', '哪一周', 'weekly', 'by week', 'per week', 'each week', 'week by week', 'which week']],
  [{ kind: 'grain', grain: 'month' }, ['按月', '每月', '每个月', '逐月', '各月', '分月', '月度', '各个月', '哪个月', '哪月', '哪一个月', 'monthly', 'by month', 'per month', 'each month', 'month by month', 'which month']],
  [{ kind: 'grain', grain: 'quarter' }, ['按季度', '每季度', '每个季度', '逐季度', '各季度', '分季度', '季度', '哪个季度', 'quarterly', 'by quarter', 'per quarter', 'each quarter', 'which quarter']],
  [{ kind: 'grain', grain: 'year' }, ['按年', '每年', '逐年', '各年', '分年', '年度', '各年度', '哪年', '哪一年', 'yearly', 'annual', 'annually', 'by year', 'per year', 'each year', 'which year']],
  [{ kind: 'trend' }, ['趋势', '走势', '变化', '变化趋势', '变化情况', '曲线', '趋势图', 'trend', 'trends', 'over time', 'trend of']],
  [{ kind: 'by' }, ['各', '按', '按照', '分', '每个', '每一个', '各个', '分别按', 'by', 'per', 'each', 'across', 'for each', 'broken down by', 'split by', 'grouped by']],
  [{ kind: 'which' }, ['哪个', '哪些', '哪一个', '哪几个', '哪家', 'which']],
  [{ kind: 'filler' }, [
    '的', '了', '是', '为', '有', '在', '中', '里', '内', '时', '和', '与', '及', '以及', '跟', '还有', '、', '呢', '吗', '呀', '啊', '吧', '么',
    '是多少', '多少', '有多少', '为多少', '几', '几个', '多少人', '多少例', '多少台', '多少次', '多少人次', '怎么样', '如何', '怎样', '是否',
    '请问', '请', '帮我', '帮忙', '给我', '我想', '我想知道', '想知道', '查询', '查一下', '查查', '查', '查看', '看看', '看一下', '看下', '显示', '列出', '统计', '统计一下', '告诉我', '一下', '计算',
    '情况', '数据', '指标', '数值', '水平', '全院', '医院', '我院', '本院', '全部', '所有', '总共', '合计', '一共', '共', '总计', '分别', '各是', '分别是', '对比', '比较', '相比', '增长', '增幅', '增长了', '下降', '变动',
    '患者', '病人', '期间', '期', '那', '这', '那个', '这个', '年份', '比', '来的', '来自', 'vs', 'vs.', 'versus',
    'what', "what's", 'whats', 'was', 'were', 'is', 'are', 'be', 'been', 'the', 'a', 'an', 'of', 'in', 'on', 'at', 'for', 'from', 'to', 'over', 'during', 'within', 'with', 'between',
    'how', 'many', 'much', 'did', 'do', 'does', 'have', 'has', 'had', 'show', 'me', 'give', 'list', 'tell', 'please', 'can', 'could', 'you', 'i', 'we', 'our', 'my', 'see', 'get', 'find', 'display',
    'number', 'total', 'value', 'values', 'hospital', 'hospital-wide', 'overall', 'all', 'and', '&', 'there', 'patients', 'change', "'s",
    '?', '!', ',', '.', ';', ':', '，', '。', '；', '：', '“', '”', '"', "'", '(', ')', '（', '）',
  ]],
];

/** Built-in phrases, by normalized text. */
export const phrases: Map<string, Phrase> = new Map(table.flatMap(([phrase, words]) => words.map((w): [string, Phrase] => [w, phrase])));

/**
 * What staff call the model's dimensions besides their labels, by conformed dimension name; a
 * dimension not listed is found by its label (zh and en) alone.
 */
export const dimensionWords: Record<string, string[]> = {
  department: ['科室', '科别', '部门', '临床科室', 'dept', 'depts', 'department', 'departments', 'specialty', 'specialties'],
  ward: ['病区', '病房', '护理单元', 'ward', 'wards', 'unit', 'units'],
  doctor: ['医生', '医师', '大夫', '主治医生', 'doctor', 'doctors', 'physician', 'physicians'],
  gender: ['性别', '男女', 'gender', 'sex'],
  visit_type: ['就诊类型', '挂号类型', '号别', 'visit type', 'visit types'],
  pharmacy: ['药房', 'pharmacy', 'pharmacies'],
  triage_level: ['分诊级别', '分诊等级', 'triage level', 'triage levels', 'triage'],
  disposition: ['去向', '急诊去向', 'disposition'],
  surgery_level: ['手术级别', '手术等级', 'surgery level', 'surgical level'],
  admission_source: ['入院途径', '入院来源', 'admission source', 'admission route'],
  discharge_status: ['离院方式', '出院方式', '转归', 'discharge status', 'outcome'],
  drug: ['药品', '药物', 'drug', 'drugs'],
  test: ['检验项目', 'lab test', 'lab tests'],
};

/** Words that are one in a hospital's speech: a metric named with either is found by both. */
export const sameWords: [string, string][] = [['病床', '床位']];
