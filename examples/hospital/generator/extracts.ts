// The departmental extracts of the synthetic hospital: what each is, who sends it, in which
// format, what its columns mean, and which defects it carries. README and manifest come from here.
import type { DefectSpec } from './defects.ts';
import type { ManifestEntry } from '../../../connectors/extract-inventory.ts';

/** An extract as the generator writes it: the manifest entry (less what is measured) and how to fill it. */
export interface ExtractDefinition extends Omit<ManifestEntry, 'headerRows'> {
  /** The generator table holding the rows (columns starting with _ are not written). */
  table: string;
  /** xlsx only: a title row above the header, one sheet per `_sheet` value. */
  xlsx?: { title: (sheet: string) => string };
  /** Every written column, in file order, with what it means. */
  columns: Record<string, string>;
  quirks: string[];
  defects: DefectSpec[];
}

const duplicateOf = (column: string): DefectSpec => ({ kind: 'duplicate_id', column, value: `"${column}"` });

export const extracts: ExtractDefinition[] = [
  {
    name: 'departments', title: { zh: '科室字典', en: 'Departments' }, sourceSystem: 'HIS', format: 'csv',
    encoding: 'utf-8', compression: null, file: 'his/departments.csv', table: 'out_departments',
    columns: { dept_code: '科室编码', dept_name: '科室名称（标准名）', dept_category: '科室系统' },
    quirks: [], defects: [],
  },
  {
    name: 'wards', title: { zh: '病区字典', en: 'Wards' }, sourceSystem: 'HIS', format: 'csv',
    encoding: 'utf-8', compression: null, file: 'his/wards.csv', table: 'out_wards',
    columns: { ward_code: '病区编码（科室编码-序号）', ward_name: '病区名称', dept_code: '所属科室编码', staffed_beds: '编制床位数' },
    quirks: [], defects: [],
  },
  {
    name: 'doctors', title: { zh: '医生字典', en: 'Doctors' }, sourceSystem: 'HIS', format: 'csv',
    encoding: 'utf-8', compression: null, file: 'his/doctors.csv', table: 'out_doctors',
    columns: { doctor_code: '医生工号', doctor_name: '姓名', dept_code: '科室编码', ward_code: '主管病区编码（门诊科室为空）', title: '职称' },
    quirks: [], defects: [],
  },
  {
    name: 'patients', title: { zh: '患者主索引', en: 'Patient master' }, sourceSystem: 'HIS', format: 'csv',
    encoding: 'utf-8', compression: null, file: 'his/patients.csv', table: 'out_patients',
    columns: {
      patient_id: '患者ID（病案号）', name: '姓名（PII）', gender: '性别：男/女', birth_date: '出生日期 YYYY-MM-DD',
      id_number: '18位居民身份证号，含校验位（PII）', phone: '手机号（PII）', address: '住址（PII）',
    },
    quirks: ['性别写作 男/女'],
    defects: [
      duplicateOf('patient_id'),
      { kind: 'bad_date', column: 'birth_date', value: 'bad_date(_birth_date)', freshKey: { column: 'patient_id', prefix: 'P9', digits: 7 } },
      { kind: 'invalid_id_number', column: 'id_number', value: "left(id_number, 17) || CASE WHEN right(id_number, 1) = '0' THEN '1' ELSE '0' END",
        freshKey: { column: 'patient_id', prefix: 'P9', digits: 7 } },
    ],
  },
  {
    name: 'outpatient_visits', title: { zh: '门诊挂号就诊', en: 'Outpatient visits' }, sourceSystem: 'HIS', format: 'csv',
    encoding: 'gb18030', compression: null, file: 'his/outpatient_visits.csv', table: 'out_outpatient_visits',
    columns: {
      '就诊流水号': 'visit id', '患者ID': 'patient id', '挂号时间': 'registration time', '叫号时间': 'called time',
      '接诊开始时间': 'consultation start', '接诊结束时间': 'consultation end', '就诊类型': '普通/专家/急诊/体检',
      '科室名称': 'department by name, sometimes an alias (心内科 for 心血管内科)', '医生工号': 'doctor code', '医生姓名': 'doctor name',
      '费用(元)': 'charges in yuan',
    },
    quirks: ['GB18030 encoding, CRLF line ends, Chinese headers (exported from Excel)', 'department given by name; about 12% of rows use an alias',
      'about 15% of timestamps as 2025/3/4 8:05 instead of 2025-03-04 08:05:00'],
    defects: [
      duplicateOf('就诊流水号'),
      { kind: 'bad_date', column: '挂号时间', value: "bad_date(_registered_ts) || strftime(_registered_ts, ' %H:%M:%S')", freshKey: { column: '就诊流水号', prefix: 'MZ9', digits: 9 } },
      { kind: 'negative_amount', column: '费用(元)', value: `'-' || "费用(元)"`, freshKey: { column: '就诊流水号', prefix: 'MZ9', digits: 9 } },
      { kind: 'unknown_department', column: '科室名称', value: "'国际医疗部'", freshKey: { column: '就诊流水号', prefix: 'MZ9', digits: 9 } },
    ],
  },
  {
    name: 'emergency_visits', title: { zh: '急诊就诊', en: 'Emergency visits' }, sourceSystem: 'HIS/ED', format: 'csv',
    encoding: 'utf-8', compression: null, file: 'ed/emergency_visits.csv', table: 'out_emergency_visits',
    columns: {
      ed_visit_id: '急诊号', patient_id: '患者ID', gender: '性别：M/F', arrival_time: '到达时间', triage_level: '分级 1–4（1 最危重）',
      area: '就诊区域：抢救室/诊疗区', chief_complaint: '主诉', departure_time: '离开急诊时间', disposition: '去向：离院/收住院/留观/转院/死亡',
    },
    quirks: ['gender as M/F', 'about 20% of timestamps as 2025/3/4 8:05',
      'visits that led to an admission in the admissions extract are included even when they began before the period'],
    defects: [
      { kind: 'bad_date', column: 'arrival_time', value: "bad_date(_arrival_ts) || strftime(_arrival_ts, ' %H:%M:%S')", freshKey: { column: 'ed_visit_id', prefix: 'JZ9', digits: 8 } },
      { kind: 'out_of_range', column: 'triage_level', value: "'5'", freshKey: { column: 'ed_visit_id', prefix: 'JZ9', digits: 8 } },
      { kind: 'time_order', column: 'departure_time', value: 'ts_text(_arrival_ts - INTERVAL 30 MINUTE)', freshKey: { column: 'ed_visit_id', prefix: 'JZ9', digits: 8 } },
    ],
  },
  {
    name: 'admissions', title: { zh: '住院登记（入出院）', en: 'Admissions and discharges' }, sourceSystem: 'HIS', format: 'csv',
    encoding: 'utf-8', compression: 'gzip', file: 'his/admissions.csv.gz', table: 'out_admissions',
    columns: {
      admission_id: '住院号', patient_id: '患者ID', gender: '性别：1 男 / 2 女 (GB/T 2261.1)', admit_time: '入院时间',
      admit_dept_code: '入院科室', admit_ward_code: '入院病区', admission_source: '入院途径：门诊/急诊/转院',
      ed_visit_id: '急诊号（经急诊入院时，对应急诊就诊的 ed_visit_id）',
      discharge_time: '出院时间（在院患者为空）', discharge_dept_code: '出院科室', discharge_ward_code: '出院病区',
      discharge_status: '离院方式：治愈/好转/未愈/死亡/其他', attending_doctor_code: '主治医生工号',
    },
    quirks: ['gender as 1/2', 'about 8% of timestamps as 2025/3/4 8:05', 'patients still in hospital at the end have no discharge',
      'stays that began before the period but overlap it are included'],
    defects: [
      duplicateOf('admission_id'),
      { kind: 'discharge_before_admission', column: 'discharge_time', value: 'ts_text(_admit_ts - INTERVAL 1 DAY)', where: 'discharge_time IS NOT NULL',
        freshKey: { column: 'admission_id', prefix: 'ZY9', digits: 7 } },
      { kind: 'unknown_department', column: 'admit_dept_code', value: "'9999'", freshKey: { column: 'admission_id', prefix: 'ZY9', digits: 7 } },
      { kind: 'bad_date', column: 'admit_time', value: "bad_date(_admit_ts) || strftime(_admit_ts, ' %H:%M:%S')", freshKey: { column: 'admission_id', prefix: 'ZY9', digits: 7 } },
    ],
  },
  {
    name: 'transfers', title: { zh: '转科记录 (ADT)', en: 'Ward transfers (ADT)' }, sourceSystem: 'HIS', format: 'csv',
    encoding: 'utf-8', compression: 'gzip', file: 'his/transfers.csv.gz', table: 'out_transfers',
    columns: {
      transfer_id: '转科流水号', admission_id: '住院号', from_dept_code: '转出科室', from_ward_code: '转出病区',
      to_dept_code: '转入科室', to_ward_code: '转入病区', transfer_time: '转科时间',
    },
    quirks: [],
    defects: [
      { kind: 'unknown_ward', column: 'to_ward_code', value: "'0000-09'", freshKey: { column: 'transfer_id', prefix: 'ZK9', digits: 6 } },
    ],
  },
  {
    name: 'open_beds', title: { zh: '病区床位日报', en: 'Open beds per ward per day' }, sourceSystem: 'nursing', format: 'xlsx',
    encoding: null, compression: null, file: 'nursing/open_beds.xlsx', table: 'out_open_beds',
    xlsx: { title: (sheet) => `病区床位日报 ${sheet.slice(0, 4)}年${Number(sheet.slice(5, 7))}月` },
    columns: {
      '日期': 'day (Excel date)', '病区编码': 'ward code', '病区名称': 'ward name', '编制床位': 'staffed beds',
      '实际开放床位': 'beds actually open that night (a few close for repairs)', '加床数': 'temporary extra beds (not open beds)',
      '现有人数': 'patients in the ward at midnight',
    },
    quirks: ['one worksheet per month, named YYYY-MM', 'a title row above the header row'],
    defects: [
      { kind: 'bad_date', column: '日期', value: `left("日期", 4) || '-02-30'` },
      { kind: 'unknown_ward', column: '病区编码', value: "'9901-01'" },
    ],
  },
  {
    name: 'lab_results', title: { zh: '检验结果与危急值', en: 'Lab results and critical values' }, sourceSystem: 'LIS', format: 'parquet',
    encoding: null, compression: null, file: 'lis/lab_results.parquet', table: 'out_lab_results',
    columns: {
      result_id: '检验结果ID', admission_id: '住院号', patient_id: '患者ID', test_code: '项目代码', test_name: '项目名称',
      result_value: '结果', unit: '单位', reference_range: '参考范围', abnormal_flag: 'H/L', is_critical: '是否危急值',
      collected_time: '采样时间', verified_time: '审核时间', notified_time: '危急值通报时间', acknowledged_time: '临床确认接收时间',
      notified_dept_code: '通报科室',
    },
    quirks: ['typed Parquet; timestamps without time zone; notification columns only on critical results'],
    defects: [
      duplicateOf('result_id'),
      { kind: 'time_order', column: 'notified_time', value: 'verified_time - INTERVAL 5 MINUTE', where: 'is_critical', freshKey: { column: 'result_id', prefix: 'LIS9', digits: 9 } },
      { kind: 'unknown_department', column: 'notified_dept_code', value: "'9999'", where: 'is_critical', freshKey: { column: 'result_id', prefix: 'LIS9', digits: 9 } },
    ],
  },
  {
    name: 'antibiotic_administrations', title: { zh: '抗菌药物给药记录', en: 'Antibiotic administrations' }, sourceSystem: 'pharmacy', format: 'ndjson',
    encoding: 'utf-8', compression: null, file: 'pharmacy/antibiotic_administrations.ndjson', table: 'out_antibiotic_administrations',
    columns: {
      admin_id: '给药记录ID', admission_id: '住院号', patient_id: '患者ID', dept_code: '给药时所在科室', ward_code: '给药时所在病区',
      drug_name: '药品通用名', atc_code: 'ATC 编码', route: '给药途径', dose_g: '剂量（克）', admin_time: '给药时间',
    },
    quirks: ['one JSON object per line'],
    defects: [
      { kind: 'negative_amount', column: 'dose_g', value: '-dose_g', freshKey: { column: 'admin_id', prefix: 'YZ9', digits: 8 } },
      { kind: 'unknown_code', column: 'atc_code', value: "'J01ZZ99'", freshKey: { column: 'admin_id', prefix: 'YZ9', digits: 8 } },
      { kind: 'bad_date', column: 'admin_time', value: "bad_date(_admin_ts) || ' 08:00:00'", freshKey: { column: 'admin_id', prefix: 'YZ9', digits: 8 } },
    ],
  },
  {
    name: 'antibiotic_ddd', title: { zh: 'WHO DDD 参考表', en: 'WHO DDD reference' }, sourceSystem: 'pharmacy', format: 'ndjson',
    encoding: 'utf-8', compression: null, file: 'pharmacy/antibiotic_ddd.ndjson', table: 'out_antibiotic_ddd',
    columns: { atc_code: 'ATC 编码', drug_name: '药品通用名', route: '给药途径', ddd_g: 'WHO 限定日剂量（克）', reference: '来源' },
    quirks: ['keyed by ATC code and route (oral and IV DDDs differ)'], defects: [],
  },
  {
    name: 'drug_inventory', title: { zh: '药品库存日快照', en: 'Drug inventory daily snapshot' }, sourceSystem: 'pharmacy', format: 'csv',
    encoding: 'utf-8', compression: null, file: 'pharmacy/drug_inventory.csv', table: 'out_drug_inventory',
    columns: {
      snapshot_date: '快照日期 YYYYMMDD', sku_code: '药品编码', drug_name: '药品名称', specification: '规格', unit: '单位',
      pharmacy: '药房', stock_qty: '库存数量', safety_stock: '安全库存',
    },
    quirks: ['dates as YYYYMMDD'],
    defects: [
      { kind: 'negative_amount', column: 'stock_qty', value: "'-' || (stock_qty::BIGINT + 5)::VARCHAR", freshKey: { column: 'sku_code', prefix: 'YP9', digits: 5 } },
      { kind: 'bad_date', column: 'snapshot_date', value: "strftime(_day, '%Y') || '0230'" },
    ],
  },
  {
    name: 'surgeries', title: { zh: '手术记录', en: 'Surgeries' }, sourceSystem: 'OR', format: 'csv',
    encoding: 'utf-8', compression: null, file: 'or/surgeries.csv', table: 'out_surgeries',
    columns: {
      surgery_id: '手术ID', admission_id: '住院号', patient_id: '患者ID', dept_code: '手术科室', surgeon_code: '主刀医生工号',
      scheduled_time: '计划手术时间', in_room_time: '入室时间', start_time: '手术开始', end_time: '手术结束', status: '已完成/已取消',
      cancel_reason: '取消原因', cancelled_after_in_room: '是否入室后取消', surgery_level: '手术级别 一级–四级',
      day_surgery: '是否日间手术', minimally_invasive: '是否微创', incision_class: '切口类别 Ⅰ/Ⅱ/Ⅲ类',
    },
    quirks: ['flags as 是/否'],
    defects: [
      duplicateOf('surgery_id'),
      { kind: 'time_order', column: 'end_time', value: 'ts_text(_start_ts - INTERVAL 20 MINUTE)', where: "status = '已完成'", freshKey: { column: 'surgery_id', prefix: 'SS9', digits: 7 } },
      { kind: 'unknown_department', column: 'dept_code', value: "'9999'", freshKey: { column: 'surgery_id', prefix: 'SS9', digits: 7 } },
    ],
  },
  {
    name: 'infection_reports', title: { zh: '医院感染病例报告', en: 'Hospital-acquired infection reports' }, sourceSystem: 'infection control', format: 'xlsx',
    encoding: null, compression: null, file: 'infection/infection_reports.xlsx', table: 'out_infection_reports',
    xlsx: { title: () => '医院感染病例报告（院感监测系统导出）' },
    columns: {
      '报告编号': 'report id', '住院号': 'admission id', '患者ID': 'patient id', '科室编码': 'department at onset',
      '科室名称': 'department name', '感染日期': 'onset day (Excel date)', '感染部位': 'site', '病原体': 'organism',
      '多重耐药菌': 'MDRO 是/否', '上报时间': 'reported at',
    },
    quirks: ['a title row above the header row'],
    defects: [
      { kind: 'bad_date', column: '感染日期', value: 'bad_date(_onset_date)', freshKey: { column: '报告编号', prefix: 'GR9', digits: 5 } },
      { kind: 'unknown_department', column: '科室编码', value: "'9999'", freshKey: { column: '报告编号', prefix: 'GR9', digits: 5 } },
    ],
  },
];
