// Test support: one chart of every type drawn by Vega, on the example hospital's results.
import type { ChartConfig, ChartResult, VegaChartType } from '../chartConfig.ts';
import {
  alosAndOccupancyByDepartment, bedOccupancyByMonth, dischargesAndAlosByMonth, dischargesByDepartment, dischargesByDepartmentAndMonth,
} from './hospitalResults.ts';

export const everyVegaChart: [ChartResult, ChartConfig & { type: VegaChartType }][] = [
  [dischargesByDepartment, { type: 'bar', x: 'department', y: ['discharges'], language: 'zh-CN', thresholds: [{ value: 900 }] }],
  [dischargesByDepartmentAndMonth, { type: 'bar_stacked', x: 'time', series: 'department', y: ['discharges'], grain: 'month', language: 'zh-CN', thresholds: [{ value: 600 }] }],
  [dischargesByDepartment, { type: 'bar_horizontal', x: 'department', y: ['discharges'], language: 'zh-CN', thresholds: [{ value: 900 }] }],
  [bedOccupancyByMonth, { type: 'line', x: 'time', y: ['bed_occupancy_rate'], grain: 'month', language: 'zh-CN', thresholds: [{ value: 0.93 }] }],
  [dischargesByDepartmentAndMonth, { type: 'area', x: 'time', series: 'department', y: ['discharges'], grain: 'month', language: 'zh-CN' }],
  [dischargesAndAlosByMonth, { type: 'combo', x: 'time', y: ['discharges'], secondaryY: ['alos'], grain: 'month', language: 'zh-CN', thresholds: [{ value: 5000 }] }],
  [dischargesByDepartment, { type: 'pie', x: 'department', y: ['discharges'], language: 'zh-CN' }],
  [dischargesByDepartment, { type: 'donut', x: 'department', y: ['discharges'], language: 'zh-CN' }],
  [alosAndOccupancyByDepartment, { type: 'scatter', x: 'department', y: ['alos', 'bed_occupancy_rate'], language: 'zh-CN', thresholds: [{ value: 0.93 }] }],
  [dischargesByDepartmentAndMonth, { type: 'heatmap', x: 'time', series: 'department', y: ['discharges'], grain: 'month', language: 'zh-CN' }],
];
