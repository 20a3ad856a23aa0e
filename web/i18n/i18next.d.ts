// Types t('…') keys and interpolations against the zh-CN messages, so a typo is a compile error.
import 'i18next';
import type { zhCN } from './zh-CN.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}
