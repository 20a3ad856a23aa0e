// Static reference data of the synthetic hospital: its departments, the calendar facts that shape
// demand, names, regions, lab tests, antibiotics. Numbers are for scale 1 (a 1,500-bed tertiary
// hospital); the generator scales volumes, never the shape.

export type DepartmentCategory = 'internal' | 'surgical' | 'maternal_child' | 'specialty' | 'critical';

export interface DepartmentProfile {
  code: string;
  name: string;
  /** What other systems call it (outpatient extracts use these names some of the time). */
  alias: string | null;
  category: DepartmentCategory;
  /** Staffed beds at scale 1. */
  beds: number;
  /** Mean length of stay in days; stays are log-normal around it. */
  meanLos: number;
  /** Share of the hospital's outpatient visits. */
  outpatientWeight: number;
  /** Extra demand in winter months (respiratory departments peak in Dec–Feb). */
  winterPeak: number;
  inHospitalMortality: number;
  /** Share of stays with an operation. */
  surgeryShare: number;
  /** Share of stays given antibiotics. */
  antibioticShare: number;
}

export const departments: DepartmentProfile[] = [
  { code: '0101', name: '心血管内科', alias: '心内科', category: 'internal', beds: 90, meanLos: 7.2, outpatientWeight: 7, winterPeak: 0.12, inHospitalMortality: 0.012, surgeryShare: 0.25, antibioticShare: 0.18 },
  { code: '0102', name: '呼吸内科', alias: '呼吸科', category: 'internal', beds: 80, meanLos: 9.0, outpatientWeight: 7, winterPeak: 0.35, inHospitalMortality: 0.015, surgeryShare: 0.03, antibioticShare: 0.8 },
  { code: '0103', name: '消化内科', alias: '消化科', category: 'internal', beds: 70, meanLos: 7.8, outpatientWeight: 6, winterPeak: 0.05, inHospitalMortality: 0.006, surgeryShare: 0.2, antibioticShare: 0.35 },
  { code: '0104', name: '神经内科', alias: '神内', category: 'internal', beds: 80, meanLos: 10.5, outpatientWeight: 5, winterPeak: 0.12, inHospitalMortality: 0.01, surgeryShare: 0.02, antibioticShare: 0.2 },
  { code: '0105', name: '肾内科', alias: '肾病科', category: 'internal', beds: 50, meanLos: 9.8, outpatientWeight: 3, winterPeak: 0.05, inHospitalMortality: 0.008, surgeryShare: 0.08, antibioticShare: 0.3 },
  { code: '0106', name: '内分泌科', alias: '内分泌代谢科', category: 'internal', beds: 45, meanLos: 8.4, outpatientWeight: 5, winterPeak: 0.03, inHospitalMortality: 0.002, surgeryShare: 0, antibioticShare: 0.15 },
  { code: '0107', name: '血液内科', alias: '血液科', category: 'internal', beds: 45, meanLos: 14.5, outpatientWeight: 2, winterPeak: 0.03, inHospitalMortality: 0.02, surgeryShare: 0.01, antibioticShare: 0.7 },
  { code: '0108', name: '风湿免疫科', alias: '风湿科', category: 'internal', beds: 30, meanLos: 9.2, outpatientWeight: 2, winterPeak: 0.05, inHospitalMortality: 0.002, surgeryShare: 0, antibioticShare: 0.2 },
  { code: '0109', name: '感染性疾病科', alias: '感染科', category: 'internal', beds: 30, meanLos: 12.0, outpatientWeight: 2, winterPeak: 0.15, inHospitalMortality: 0.01, surgeryShare: 0, antibioticShare: 0.9 },
  { code: '0110', name: '老年医学科', alias: '老年科', category: 'internal', beds: 50, meanLos: 12.5, outpatientWeight: 2, winterPeak: 0.2, inHospitalMortality: 0.025, surgeryShare: 0.01, antibioticShare: 0.45 },
  { code: '0111', name: '肿瘤内科', alias: '肿瘤科', category: 'internal', beds: 65, meanLos: 9.5, outpatientWeight: 3, winterPeak: 0.02, inHospitalMortality: 0.02, surgeryShare: 0.02, antibioticShare: 0.3 },
  { code: '0201', name: '普通外科', alias: '普外科', category: 'surgical', beds: 85, meanLos: 8.0, outpatientWeight: 5, winterPeak: 0, inHospitalMortality: 0.004, surgeryShare: 0.78, antibioticShare: 0.6 },
  { code: '0202', name: '骨科', alias: '骨外科', category: 'surgical', beds: 85, meanLos: 10.8, outpatientWeight: 6, winterPeak: 0.06, inHospitalMortality: 0.002, surgeryShare: 0.82, antibioticShare: 0.55 },
  { code: '0203', name: '神经外科', alias: '神外', category: 'surgical', beds: 60, meanLos: 14.0, outpatientWeight: 2, winterPeak: 0.05, inHospitalMortality: 0.02, surgeryShare: 0.6, antibioticShare: 0.7 },
  { code: '0204', name: '心胸外科', alias: '胸外科', category: 'surgical', beds: 45, meanLos: 12.5, outpatientWeight: 2, winterPeak: 0.03, inHospitalMortality: 0.012, surgeryShare: 0.75, antibioticShare: 0.75 },
  { code: '0205', name: '泌尿外科', alias: '泌尿科', category: 'surgical', beds: 55, meanLos: 7.2, outpatientWeight: 4, winterPeak: 0, inHospitalMortality: 0.002, surgeryShare: 0.8, antibioticShare: 0.6 },
  { code: '0206', name: '肝胆外科', alias: '肝胆胰外科', category: 'surgical', beds: 45, meanLos: 9.5, outpatientWeight: 2, winterPeak: 0, inHospitalMortality: 0.006, surgeryShare: 0.8, antibioticShare: 0.65 },
  { code: '0207', name: '烧伤整形科', alias: '烧伤科', category: 'surgical', beds: 25, meanLos: 16.0, outpatientWeight: 1, winterPeak: 0.05, inHospitalMortality: 0.006, surgeryShare: 0.7, antibioticShare: 0.8 },
  { code: '0301', name: '妇产科', alias: '妇科', category: 'maternal_child', beds: 75, meanLos: 5.0, outpatientWeight: 8, winterPeak: -0.03, inHospitalMortality: 0.0003, surgeryShare: 0.55, antibioticShare: 0.4 },
  { code: '0401', name: '儿科', alias: '小儿内科', category: 'maternal_child', beds: 75, meanLos: 5.8, outpatientWeight: 8, winterPeak: 0.4, inHospitalMortality: 0.0008, surgeryShare: 0.02, antibioticShare: 0.55 },
  { code: '0402', name: '新生儿科', alias: '新生儿病区', category: 'maternal_child', beds: 30, meanLos: 9.5, outpatientWeight: 0.5, winterPeak: 0.05, inHospitalMortality: 0.004, surgeryShare: 0, antibioticShare: 0.5 },
  { code: '0501', name: '眼科', alias: '眼科中心', category: 'specialty', beds: 35, meanLos: 3.2, outpatientWeight: 5, winterPeak: -0.02, inHospitalMortality: 0, surgeryShare: 0.92, antibioticShare: 0.12 },
  { code: '0502', name: '耳鼻咽喉头颈外科', alias: '耳鼻喉科', category: 'specialty', beds: 35, meanLos: 5.2, outpatientWeight: 4, winterPeak: 0.12, inHospitalMortality: 0.0005, surgeryShare: 0.85, antibioticShare: 0.45 },
  { code: '0503', name: '口腔科', alias: '口腔医学科', category: 'specialty', beds: 15, meanLos: 5.5, outpatientWeight: 4, winterPeak: 0, inHospitalMortality: 0, surgeryShare: 0.8, antibioticShare: 0.4 },
  { code: '0504', name: '皮肤科', alias: '皮肤性病科', category: 'specialty', beds: 15, meanLos: 8.0, outpatientWeight: 5, winterPeak: -0.05, inHospitalMortality: 0, surgeryShare: 0.05, antibioticShare: 0.2 },
  { code: '0601', name: '康复医学科', alias: '康复科', category: 'specialty', beds: 50, meanLos: 18.0, outpatientWeight: 2, winterPeak: 0, inHospitalMortality: 0.001, surgeryShare: 0, antibioticShare: 0.1 },
  { code: '0701', name: '中医科', alias: '中医内科', category: 'specialty', beds: 35, meanLos: 11.0, outpatientWeight: 4, winterPeak: 0.05, inHospitalMortality: 0.003, surgeryShare: 0, antibioticShare: 0.1 },
  { code: '0801', name: '精神心理科', alias: '心理科', category: 'specialty', beds: 25, meanLos: 21.0, outpatientWeight: 3, winterPeak: 0, inHospitalMortality: 0, surgeryShare: 0, antibioticShare: 0.02 },
  { code: '0901', name: '急诊科', alias: '急诊医学科', category: 'critical', beds: 30, meanLos: 3.0, outpatientWeight: 0, winterPeak: 0.15, inHospitalMortality: 0.03, surgeryShare: 0.05, antibioticShare: 0.5 },
  { code: '1001', name: '重症医学科', alias: 'ICU', category: 'critical', beds: 45, meanLos: 8.5, outpatientWeight: 0, winterPeak: 0.15, inHospitalMortality: 0.12, surgeryShare: 0.05, antibioticShare: 0.95 },
  { code: '1101', name: '健康管理中心', alias: '体检中心', category: 'specialty', beds: 0, meanLos: 0, outpatientWeight: 0, winterPeak: 0, inHospitalMortality: 0, surgeryShare: 0, antibioticShare: 0 },
];

/** Beds of one inpatient ward at scale 1; larger departments get several wards. */
export const bedsPerWardAtScale1 = 48;

/** Spring Festival (春节) dates: outpatient demand collapses around it, admissions dip. */
export const springFestivals = [
  '2018-02-16', '2019-02-05', '2020-01-25', '2021-02-12', '2022-02-01', '2023-01-22', '2024-02-10',
  '2025-01-29', '2026-02-17', '2027-02-06', '2028-01-26', '2029-02-13', '2030-02-03', '2031-01-23',
  '2032-02-11', '2033-01-31', '2034-02-19', '2035-02-08', '2036-01-28', '2037-02-15', '2038-02-04',
];

export const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
export const givenNameChars = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅玉兰志强文辉俊鹏晨宇浩然子涵欣怡梓轩雨萱思远佳琪博文一鸣诗涵嘉怡明轩';

/** Residence regions of patients: the ID number's first six digits and the address prefix. */
export const regions: { code: string; address: string }[] = [
  { code: '510104', address: '四川省成都市锦江区' },
  { code: '510105', address: '四川省成都市青羊区' },
  { code: '510106', address: '四川省成都市金牛区' },
  { code: '510107', address: '四川省成都市武侯区' },
  { code: '510108', address: '四川省成都市成华区' },
  { code: '510112', address: '四川省成都市龙泉驿区' },
  { code: '510113', address: '四川省成都市青白江区' },
  { code: '510114', address: '四川省成都市新都区' },
  { code: '510115', address: '四川省成都市温江区' },
  { code: '510116', address: '四川省成都市双流区' },
  { code: '510117', address: '四川省成都市郫都区' },
  { code: '510681', address: '四川省德阳市广汉市' },
  { code: '510703', address: '四川省绵阳市涪城区' },
  { code: '511002', address: '四川省内江市市中区' },
  { code: '500103', address: '重庆市渝中区' },
];
export const streets = ['人民南路', '蜀都大道', '天府大道', '建设路', '春熙路', '红星路', '一环路', '二环路', '光华大道', '府青路', '沙湾路', '玉林路'];

export interface LabTest {
  code: string; name: string; unit: string;
  /** Normal range; values are drawn around its middle. */
  low: number; high: number;
  /** Critical (危急值) limits. */
  criticalLow: number | null; criticalHigh: number | null;
  decimals: number;
}
export const labTests: LabTest[] = [
  { code: 'K', name: '血钾', unit: 'mmol/L', low: 3.5, high: 5.3, criticalLow: 2.8, criticalHigh: 6.2, decimals: 2 },
  { code: 'NA', name: '血钠', unit: 'mmol/L', low: 137, high: 147, criticalLow: 120, criticalHigh: 160, decimals: 1 },
  { code: 'GLU', name: '血糖', unit: 'mmol/L', low: 3.9, high: 6.1, criticalLow: 2.2, criticalHigh: 22.2, decimals: 2 },
  { code: 'HB', name: '血红蛋白', unit: 'g/L', low: 115, high: 150, criticalLow: 50, criticalHigh: 200, decimals: 0 },
  { code: 'PLT', name: '血小板计数', unit: '10^9/L', low: 125, high: 350, criticalLow: 30, criticalHigh: 1000, decimals: 0 },
  { code: 'WBC', name: '白细胞计数', unit: '10^9/L', low: 3.5, high: 9.5, criticalLow: 1.5, criticalHigh: 30, decimals: 2 },
  { code: 'CREA', name: '肌酐', unit: 'μmol/L', low: 57, high: 111, criticalLow: null, criticalHigh: 700, decimals: 0 },
  { code: 'CTNI', name: '肌钙蛋白I', unit: 'ng/mL', low: 0, high: 0.04, criticalLow: null, criticalHigh: 0.5, decimals: 3 },
  { code: 'INR', name: '国际标准化比值', unit: '', low: 0.8, high: 1.2, criticalLow: null, criticalHigh: 4.5, decimals: 2 },
  { code: 'LAC', name: '乳酸', unit: 'mmol/L', low: 0.5, high: 2.2, criticalLow: null, criticalHigh: 4.0, decimals: 2 },
];

export interface Antibiotic { atc: string; name: string; route: '静脉' | '口服'; dddGrams: number; doseGrams: number; dosesPerDay: number }
/** WHO ATC/DDD index values (route-specific DDD in grams) for the antibiotics the pharmacy dispenses. */
export const antibiotics: Antibiotic[] = [
  { atc: 'J01DC02', name: '头孢呋辛', route: '静脉', dddGrams: 3, doseGrams: 1.5, dosesPerDay: 2 },
  { atc: 'J01DD04', name: '头孢曲松', route: '静脉', dddGrams: 2, doseGrams: 2, dosesPerDay: 1 },
  { atc: 'J01DB04', name: '头孢唑林', route: '静脉', dddGrams: 3, doseGrams: 1, dosesPerDay: 3 },
  { atc: 'J01DD02', name: '头孢他啶', route: '静脉', dddGrams: 4, doseGrams: 2, dosesPerDay: 2 },
  { atc: 'J01CR05', name: '哌拉西林他唑巴坦', route: '静脉', dddGrams: 14, doseGrams: 4.5, dosesPerDay: 3 },
  { atc: 'J01DH02', name: '美罗培南', route: '静脉', dddGrams: 3, doseGrams: 1, dosesPerDay: 3 },
  { atc: 'J01DH51', name: '亚胺培南西司他丁', route: '静脉', dddGrams: 2, doseGrams: 0.5, dosesPerDay: 4 },
  { atc: 'J01XA01', name: '万古霉素', route: '静脉', dddGrams: 2, doseGrams: 1, dosesPerDay: 2 },
  { atc: 'J01MA12', name: '左氧氟沙星', route: '静脉', dddGrams: 0.5, doseGrams: 0.5, dosesPerDay: 1 },
  { atc: 'J01MA12', name: '左氧氟沙星', route: '口服', dddGrams: 0.5, doseGrams: 0.5, dosesPerDay: 1 },
  { atc: 'J01FA10', name: '阿奇霉素', route: '口服', dddGrams: 0.3, doseGrams: 0.5, dosesPerDay: 1 },
  { atc: 'J01CR02', name: '阿莫西林克拉维酸', route: '口服', dddGrams: 1.5, doseGrams: 0.625, dosesPerDay: 3 },
  { atc: 'J01XD01', name: '甲硝唑', route: '静脉', dddGrams: 1.5, doseGrams: 0.5, dosesPerDay: 3 },
];

export const infectionSites = ['下呼吸道', '泌尿道', '手术部位', '血流', '胃肠道', '皮肤软组织'];
export const organisms = ['肺炎克雷伯菌', '大肠埃希菌', '鲍曼不动杆菌', '铜绿假单胞菌', '金黄色葡萄球菌', '屎肠球菌', '白色念珠菌'];
export const doctorTitles = ['主任医师', '副主任医师', '主治医师', '住院医师'];
export const drugForms = [
  { form: '片', spec: '0.25g*24片', unit: '盒' }, { form: '胶囊', spec: '0.5g*12粒', unit: '盒' },
  { form: '注射液', spec: '10ml:0.5g', unit: '支' }, { form: '注射用粉针', spec: '1.0g', unit: '瓶' },
  { form: '颗粒', spec: '5g*10袋', unit: '盒' }, { form: '口服液', spec: '10ml*6支', unit: '盒' },
];
export const drugStems = ['阿托伐他汀', '氨氯地平', '二甲双胍', '奥美拉唑', '布洛芬', '对乙酰氨基酚', '硝苯地平', '美托洛尔', '氯吡格雷', '阿司匹林', '胰岛素', '泮托拉唑', '地塞米松', '甲泼尼龙', '呋塞米', '螺内酯', '瑞舒伐他汀', '缬沙坦', '厄贝沙坦', '格列美脲', '阿卡波糖', '氨溴索', '头孢克肟', '蒙脱石', '丙泊酚', '咪达唑仑', '肝素钠', '低分子肝素', '氯化钾', '葡萄糖'];
