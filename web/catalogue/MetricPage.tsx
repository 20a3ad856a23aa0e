import { useId, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/request.ts';
import type { SessionInfo } from '../api/types.ts';
import { useCatalogue } from '../api/useCatalogue.ts';
import { useMetric } from '../api/useMetric.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { RouteLink } from '../app/RouteLink.tsx';
import { metricPath, metricsPath } from '../app/route.ts';
import { localized } from '../i18n/language.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { indexCatalogue } from './catalogueIndex.ts';
import { MetricCharts } from './MetricCharts.tsx';
import { MetricDefinitionList } from './MetricDefinitionList.tsx';
import { MetricLineageTable } from './MetricLineageTable.tsx';
import { MetricStatusBadge } from './MetricStatusBadge.tsx';
import { metricStatus } from './metricStatus.ts';
import { MetricTrend } from './MetricTrend.tsx';
import { MetricVersionTable } from './MetricVersionTable.tsx';

/** A titled part of the metric's page; a region, so that it can be found and jumped to by name. */
function Section({ title, className, children }: { title: string; className?: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={`metric-section ${className ?? ''}`}>
      <h3 id={headingId} className="section-heading">
        {title}
      </h3>
      {children}
    </section>
  );
}

/**
 * One metric: its 口径 in the owner's words, how it is computed, its recent values, where its
 * numbers come from, every version of its definition, and the user's charts that use it.
 */
export function MetricPage({ name, session }: { name: string; session: SessionInfo }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const detail = useMetric(name);
  const catalogue = useCatalogue();
  const index = useMemo(() => (catalogue.data ? indexCatalogue(catalogue.data) : null), [catalogue.data]);

  let heading = name;
  let body;
  if (detail.isError) {
    // A metric that does not exist will not appear by trying again.
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    body = (
      <ErrorNotice
        message={t('metric.loadFailed', { name, message: detail.error.message })}
        onRetry={missing ? undefined : () => void detail.refetch()}
        retrying={detail.isFetching}
      />
    );
  } else if (catalogue.isError) {
    body = (
      <ErrorNotice
        message={t('catalogue.loadFailed', { message: catalogue.error.message })}
        onRetry={() => void catalogue.refetch()}
        retrying={catalogue.isFetching}
      />
    );
  } else if (detail.isPending || !index) {
    body = (
      <p role="status" className="notice">
        {t('metric.loading')}
      </p>
    );
  } else {
    const { metric, versions } = detail.data;
    const definition = versions.find((v) => v.version === metric.currentVersion)?.definition ?? versions.at(-1)?.definition;
    const otherLanguage = language === 'zh-CN' ? 'en' : 'zh-CN';
    heading = localized(metric.label, language);
    body = (
      <>
        <p className="report-subject metric-subject">
          <span lang={otherLanguage} className="metric-other-name">
            {localized(metric.label, otherLanguage)}
          </span>
          <code className="item-name">{metric.name}</code>
          <MetricStatusBadge status={metricStatus(metric)} />
          <span className="tag">{t('metric.versionBadge', { version: String(metric.currentVersion) })}</span>
          <span className="muted">
            {t('metric.fields.owner')} {metric.owner}
          </span>
        </p>
        <div className="metric-overview">
          <div>
            <Section title={t('metric.description')} className="metric-description">
              <p className="description-text">{localized({ zh: metric.description, en: metric.descriptionEn ?? metric.description }, language)}</p>
            </Section>
            <Section title={t('metric.definition')}>
              <MetricDefinitionList metric={metric} definition={definition} index={index} />
            </Section>
          </div>
          <Section title={t('metric.trend.heading')}>
            <MetricTrend metric={metric} definition={definition} index={index} />
          </Section>
        </div>
        <Section title={t('metric.lineage.heading')}>
          <MetricLineageTable lineage={metric.lineage} index={index} label={t('metric.lineage.heading')} />
          {metric.lineage.dependsOn.length > 0 && (
            <p className="depends-on">
              <span className="muted">{t('metric.lineage.dependsOn')}</span>
              {metric.lineage.dependsOn.map((part) => {
                const other = index.metrics.get(part);
                return (
                  <RouteLink key={part} to={metricPath(part)} className="tag tag-link">
                    {other ? localized(other.label, language) : part}
                  </RouteLink>
                );
              })}
            </p>
          )}
        </Section>
        <Section title={t('metric.versions.heading')}>
          <MetricVersionTable versions={versions} currentVersion={metric.currentVersion} label={t('metric.versions.heading')} />
        </Section>
        <Section title={t('metric.charts.heading')}>
          <MetricCharts metric={metric.name} username={session.user.username} />
        </Section>
      </>
    );
  }

  return (
    <article className="metric-page">
      <RouteLink to={metricsPath} className="back-link">
        <span aria-hidden="true">← </span>
        {t('metric.back')}
      </RouteLink>
      <h2 className="page-heading">{heading}</h2>
      {body}
    </article>
  );
}
