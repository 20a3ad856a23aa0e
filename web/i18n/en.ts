import type { Messages } from './zh-CN.ts';

export const en: Messages = {
  app: {
    title: 'HBI Hospital Data Platform',
  },
  language: {
    switchTo: '中文',
    switchToHint: 'Switch the interface to Chinese',
  },
  extracts: {
    caption: 'Departmental extracts',
    loading: 'Reading the list of extracts…',
    loadFailed: 'Could not read the list of extracts: {{message}}',
    retry: 'Retry',
    empty: 'No extracts were found in the extracts directory.',
    columns: {
      title: 'Extract',
      sourceSystem: 'Source system',
      format: 'Format',
      files: 'Files',
      size: 'Size',
      rows: 'Rows',
      defects: 'Injected defects',
    },
    encoding: 'Character encoding',
    compression: 'Compression',
    fileCount: '{{n}} files',
    fileDetail: '{{size}}, {{rows}} rows',
    exactBytes: '{{bytes}} bytes',
    defectsHint: 'Rows made faulty on purpose when generating, to test data quality rules',
  },
  generation: {
    heading: 'Demo data generation',
    seed: 'Seed',
    scale: 'Scale',
    period: 'Period',
    periodRange: '{{from}} to {{to}}',
    noManifest: 'The extracts directory has no manifest.json, so generation details are unknown.',
  },
  sourceSystems: {
    HIS: 'HIS',
    LIS: 'LIS',
    nursing: 'Nursing',
    pharmacy: 'Pharmacy',
    OR: 'Operating room',
    'infection control': 'Infection control',
    'HIS/ED': 'HIS/ED',
  },
  server: {
    version: 'HBI server {{version}}',
    versionUnknown: 'HBI server version unknown: {{message}}',
  },
};
