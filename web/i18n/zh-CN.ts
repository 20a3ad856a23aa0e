// Simplified Chinese: the first language of HBI and the source of the message keys.
// Every other language must have exactly these keys (checked by the type below and by
// messages.test.ts); interpolations are written {{name}}.

export const zhCN = {
  app: {
    title: 'HBI 医院数据平台',
  },
  language: {
    // The toggle is labelled with the language it switches to, written in that language.
    switchTo: 'English',
    switchToHint: '切换界面语言为英文',
  },
  extracts: {
    caption: '部门数据抽取文件',
    loading: '正在读取抽取文件清单…',
    loadFailed: '无法读取抽取文件清单：{{message}}',
    retry: '重试',
    empty: '抽取目录中没有找到抽取文件。',
    columns: {
      title: '抽取文件',
      sourceSystem: '来源系统',
      format: '格式',
      files: '文件',
      size: '大小',
      rows: '行数',
      defects: '注入缺陷',
    },
    encoding: '字符编码',
    compression: '压缩方式',
    // Only shown for extracts split into two or more files, so no singular form is needed.
    fileCount: '{{n}} 个文件',
    fileDetail: '{{size}}，{{rows}} 行',
    exactBytes: '{{bytes}} 字节',
    defectsHint: '生成时有意写入的问题行数，用于检验数据质量规则',
  },
  generation: {
    heading: '演示数据生成参数',
    seed: '随机种子',
    scale: '规模',
    period: '数据期间',
    periodRange: '{{from}} 至 {{to}}',
    noManifest: '抽取目录中没有 manifest.json，无法显示生成参数。',
  },
  sourceSystems: {
    HIS: 'HIS',
    LIS: 'LIS',
    nursing: '护理系统',
    pharmacy: '药房系统',
    OR: '手术麻醉系统',
    'infection control': '院感系统',
    'HIS/ED': 'HIS/急诊',
  },
  server: {
    version: 'HBI 服务端版本 {{version}}',
    versionUnknown: 'HBI 服务端版本未知：{{message}}',
  },
} as const;

/** The shape every language's messages must have: the same keys, any strings. */
export type Messages = WidenStrings<typeof zhCN>;
type WidenStrings<T> = { readonly [K in keyof T]: T[K] extends string ? string : WidenStrings<T[K]> };
