import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { GenerationInfo } from '../api/types.ts';
import { formatDay } from '../format/day.ts';
import { useLanguage } from '../i18n/useLanguage.ts';

/** The parameters that reproduce the demo extracts: same seed, scale and period, same files. */
export function GenerationSummary({ generation }: { generation: GenerationInfo | null }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const headingId = useId();
  return (
    <section className="generation" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-heading">
        {t('generation.heading')}
      </h2>
      {generation ? (
        <dl className="facts">
          <div>
            <dt>{t('generation.seed')}</dt>
            {/* An identifier to type back into the generator, so no thousands separators. */}
            <dd>{String(generation.seed)}</dd>
          </div>
          <div>
            <dt>{t('generation.scale')}</dt>
            <dd>{new Intl.NumberFormat(language, { maximumFractionDigits: 6 }).format(generation.scale)}</dd>
          </div>
          <div>
            <dt>{t('generation.period')}</dt>
            <dd>
              {t('generation.periodRange', {
                from: formatDay(generation.from, language),
                to: formatDay(generation.to, language),
              })}
            </dd>
          </div>
        </dl>
      ) : (
        <p className="muted">{t('generation.noManifest')}</p>
      )}
    </section>
  );
}
