import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogueMetric, MetricDefinition } from '../api/types.ts';
import { localized } from '../i18n/language.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import type { CatalogueIndex } from './catalogueIndex.ts';
import { MetricReference } from './MetricReference.tsx';
import { MetricUnit } from './MetricUnit.tsx';

type MetricDefinitionListProps = {
  metric: CatalogueMetric;
  /** The current version's definition; absent when the server keeps no version of it. */
  definition: MetricDefinition | undefined;
  index: CatalogueIndex;
};

/** The words for a metric's number format: 整数, 百分比, 2 位小数, or the pattern as written. */
function useFormatName() {
  const { t } = useTranslation();
  return (format: string) => {
    if (format === 'integer') return t('metric.formats.integer');
    if (format === 'percent') return t('metric.formats.percent');
    const decimals = /^0\.(0+)$/.exec(format);
    return decimals ? t('metric.formats.decimals', { places: String(decimals[1]!.length) }) : format;
  };
}

/** How the metric is computed, field by field, as its definition says. */
export function MetricDefinitionList({ metric, definition, index }: MetricDefinitionListProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const formatName = useFormatName();
  const none = <span className="muted">{t('metric.none')}</span>;
  const rows: [string, ReactNode][] = [
    [t('metric.fields.name'), <code key="name">{metric.name}</code>],
    [t('metric.fields.type'), t(`catalogue.types.${metric.type}`)],
  ];
  if (definition?.measure) rows.push([t('metric.fields.measure'), <MetricReference reference={definition.measure} index={index} />]);
  if (definition?.numerator) rows.push([t('metric.fields.numerator'), <MetricReference reference={definition.numerator} index={index} />]);
  if (definition?.denominator) rows.push([t('metric.fields.denominator'), <MetricReference reference={definition.denominator} index={index} />]);
  if (definition?.formula) rows.push([t('metric.fields.formula'), <code className="formula">{definition.formula}</code>]);
  if (definition?.window) {
    rows.push([t('metric.fields.window'), definition.window === 'running' ? t('metric.windowRunning') : t('metric.windowDays', { days: String(definition.window.days) })]);
  }
  rows.push([t('metric.fields.filter'), definition?.filter ? <code className="formula">{definition.filter}</code> : none]);

  let time: ReactNode = none;
  if (metric.timeDimension) {
    const label = index.timeDimensionLabel(metric.timeDimension);
    time = (
      <span className="reference">
        {label && <span>{localized(label, language)}</span>}
        <code className="item-name">{metric.timeDimension}</code>
      </span>
    );
  } else if (metric.lineage.dependsOn.length > 0) {
    time = <span className="muted">{t('metric.timeFromParts')}</span>;
  }
  rows.push([t('metric.fields.timeDimension'), time]);
  rows.push([t('metric.fields.unit'), <MetricUnit metric={metric} />]);
  rows.push([t('metric.fields.format'), metric.format ? formatName(metric.format) : none]);
  rows.push([t('metric.fields.owner'), metric.owner]);
  rows.push([t('metric.fields.synonyms'), metric.synonyms.length > 0 ? metric.synonyms.join(language === 'zh-CN' ? '、' : ', ') : none]);

  return (
    <dl className="definition-list">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
