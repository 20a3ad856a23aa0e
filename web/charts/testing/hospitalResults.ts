// Query results as `POST /api/query` answers them for the example hospital: department codes,
// month starts, metric labels, units and formats as in examples/hospital/metrics/*.yaml.
import type { ChartColumn, ChartResult } from '../chartConfig.ts';

export const department: ChartColumn = { name: 'department', role: 'dimension', type: 'string', label: { zh: '科室', en: 'Department' } };
export const time: ChartColumn = { name: 'time', role: 'dimension', type: 'date', label: { zh: '时间', en: 'Time' } };
export const doctor: ChartColumn = { name: 'doctor', role: 'dimension', type: 'string', label: { zh: '医生', en: 'Doctor' }, masked: true };
export const discharges: ChartColumn = { name: 'discharges', role: 'metric', type: 'number', label: { zh: '出院人数', en: 'Discharges' }, unit: '人', format: 'integer' };
export const alos: ChartColumn = { name: 'alos', role: 'metric', type: 'number', label: { zh: '出院者平均住院日', en: 'Average length of stay of discharged patients' }, unit: '天', format: '0.00' };
export const bedOccupancy: ChartColumn = { name: 'bed_occupancy_rate', role: 'metric', type: 'number', label: { zh: '床位使用率', en: 'Bed occupancy rate' }, format: 'percent' };
export const outpatientVisits: ChartColumn = { name: 'outpatient_visits', role: 'metric', type: 'number', label: { zh: '门诊人次', en: 'Clinic visits' }, unit: '人次', format: 'integer' };

/** The comparison columns the planner adds for `compare: [kind]`. */
function comparisonColumns(metric: ChartColumn, kind: 'yoy' | 'mom'): ChartColumn[] {
  const word = kind === 'yoy' ? { zh: '同比', en: 'vs last year' } : { zh: '环比', en: 'vs last month' };
  const same = { role: 'metric' as const, type: 'number', ...(metric.unit ? { unit: metric.unit } : {}), ...(metric.format ? { format: metric.format } : {}) };
  return [
    { ...same, name: `${metric.name}__${kind}`, label: { zh: `${metric.label.zh}（${word.zh}期）`, en: `${metric.label.en} (${word.en})` } },
    { ...same, name: `${metric.name}__${kind}_change`, label: { zh: `${metric.label.zh}${word.zh}增减`, en: `${metric.label.en} change ${word.en}` } },
    { role: 'metric', type: 'number', name: `${metric.name}__${kind}_pct`, label: { zh: `${metric.label.zh}${word.zh}增长率`, en: `${metric.label.en} % change ${word.en}` }, format: 'percent' },
  ];
}

/** 出院人数 by 科室, as the query orders it (by department code). */
export const dischargesByDepartment: ChartResult = {
  columns: [department, discharges],
  rows: [
    { department: '0101', discharges: 412 },
    { department: '0102', discharges: 388 },
    { department: '0103', discharges: 295 },
    { department: '0201', discharges: 1306 },
    { department: '0202', discharges: 874 },
    { department: '0301', discharges: 951 },
    { department: '0401', discharges: 523 },
  ],
};

const months = ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01', '2024-06-01'];
const occupancy = [0.912, 0.874, 0.951, 0.938, 1.026, 0.889];
const occupancyLastYear = [0.885, 0.902, 0.917, 0.921, 0.964, 0.901];

/** 床位使用率 by month with 同比, the shape of `compare: ['yoy']`. */
export const bedOccupancyByMonth: ChartResult = {
  columns: [time, bedOccupancy, ...comparisonColumns(bedOccupancy, 'yoy')],
  rows: months.map((month, i) => ({
    time: month,
    bed_occupancy_rate: occupancy[i]!,
    bed_occupancy_rate__yoy: occupancyLastYear[i]!,
    bed_occupancy_rate__yoy_change: occupancy[i]! - occupancyLastYear[i]!,
    bed_occupancy_rate__yoy_pct: (occupancy[i]! - occupancyLastYear[i]!) / occupancyLastYear[i]!,
  })),
};

/** 出院人数 (人) and 平均住院日 (天) by month: two units, the combo chart's case. */
export const dischargesAndAlosByMonth: ChartResult = {
  columns: [time, discharges, alos],
  rows: months.map((month, i) => ({ time: month, discharges: [5120, 4630, 5390, 5275, 5508, 5012][i]!, alos: [8.41, 8.72, 8.15, 8.06, 7.93, 8.24][i]! })),
};

/** 出院人数 by 科室 and month: a series, a heatmap, a pivot. */
export const dischargesByDepartmentAndMonth: ChartResult = {
  columns: [department, time, discharges],
  rows: ['0101', '0102', '0201'].flatMap((code, d) => months.slice(0, 3).map((month, m) => ({ department: code, time: month, discharges: 100 * (d + 1) + 10 * m + 3 }))),
};

/** 平均住院日 and 床位使用率 per department: the scatter's two metrics. */
export const alosAndOccupancyByDepartment: ChartResult = {
  columns: [department, alos, bedOccupancy],
  rows: [
    { department: '0101', alos: 7.21, bed_occupancy_rate: 0.934 },
    { department: '0102', alos: 9.04, bed_occupancy_rate: 1.018 },
    { department: '0201', alos: 8.02, bed_occupancy_rate: 0.887 },
    { department: '0202', alos: 10.35, bed_occupancy_rate: 0.962 },
  ],
};

/** 门诊人次 for one month, no dimension, with 同比 and 环比: a KPI card. */
export const outpatientVisitsThisMonth: ChartResult = {
  columns: [outpatientVisits, ...comparisonColumns(outpatientVisits, 'yoy'), ...comparisonColumns(outpatientVisits, 'mom')],
  rows: [{
    outpatient_visits: 182_436,
    outpatient_visits__yoy: 171_902, outpatient_visits__yoy_change: 10_534, outpatient_visits__yoy_pct: 10_534 / 171_902,
    outpatient_visits__mom: 189_377, outpatient_visits__mom_change: -6_941, outpatient_visits__mom_pct: -6_941 / 189_377,
  }],
};

/** 出院人数 by attending doctor for a role without the unmask grant: names arrive masked. */
export const dischargesByMaskedDoctor: ChartResult = {
  columns: [doctor, discharges],
  rows: [{ doctor: '张*', discharges: 46 }, { doctor: '李**', discharges: 39 }, { doctor: '王*', discharges: null }],
};
