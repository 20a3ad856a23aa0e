import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Catalogue, QueryCell, TimeGrain } from '../api/types.ts';
import { formatPeriod } from '../charts/periodFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { timeDimension } from './boardState.ts';

export type BoardLabels = {
  dimension: (name: string, grain?: TimeGrain) => string;
  metric: (name: string) => string;
  value: (value: QueryCell, dimension: string, grain?: TimeGrain) => string;
};

/** Dimension, metric and value names in the reader's language, for chips, breadcrumbs and buttons. */
export function useBoardLabels(catalogue: Pick<Catalogue, 'dimensions' | 'metrics'> | undefined): BoardLabels {
  const { t } = useTranslation();
  const language = useLanguage();
  return useMemo(() => {
    const pick = (label: { zh: string; en: string }) => (language === 'en' ? label.en : label.zh);
    return {
      dimension: (name, grain) => {
        if (name === timeDimension) return grain ? t(`builder.grain.${grain}`) : t('dashboard.time');
        const found = catalogue?.dimensions.find((d) => d.name === name);
        return found ? pick(found.label) : name;
      },
      metric: (name) => {
        const found = catalogue?.metrics.find((m) => m.name === name.replace(/@\d+$/, ''));
        return found ? pick(found.label) : name;
      },
      value: (value, dimension, grain) => {
        if (value === null || value === '') return t('dashboard.emptyValue');
        if (dimension === timeDimension && typeof value === 'string') return formatPeriod(value, grain, language);
        return String(value);
      },
    };
  }, [catalogue, language, t]);
}
