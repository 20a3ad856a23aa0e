import { RouteLink } from '../app/RouteLink.tsx';
import { metricPath } from '../app/route.ts';
import { localized } from '../i18n/language.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import type { CatalogueIndex } from './catalogueIndex.ts';

/**
 * A part of a definition as its YAML writes it: another metric (a link to its page) or a
 * `dataset.measure`, each with its label when the catalogue knows it.
 */
export function MetricReference({ reference, index }: { reference: string; index: CatalogueIndex }) {
  const language = useLanguage();
  const metric = index.metrics.get(reference);
  if (metric) {
    return (
      <span className="reference">
        <RouteLink to={metricPath(metric.name)}>{localized(metric.label, language)}</RouteLink>
        <code className="item-name">{metric.name}</code>
      </span>
    );
  }
  const measure = index.measureLabel(reference);
  return (
    <span className="reference">
      {measure && <span>{localized(measure, language)}</span>}
      <code className="item-name">{reference}</code>
    </span>
  );
}
