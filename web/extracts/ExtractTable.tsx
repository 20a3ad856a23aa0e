import { useTranslation } from 'react-i18next';
import type { Extract } from '../api/types.ts';
import { formatCount } from '../format/count.ts';
import { formatFileSize } from '../format/fileSize.ts';
import { localized } from '../i18n/language.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { ExtractFiles } from './ExtractFiles.tsx';
import { StorageFormatLabel } from './StorageFormatLabel.tsx';

/**
 * One row per extract. Quantities are wrapped in <data value> so the exact machine value
 * (bytes, records) stays next to the rounded, localized text a person reads.
 */
export function ExtractTable({ extracts }: { extracts: Extract[] }) {
  const { t } = useTranslation();
  const language = useLanguage();

  if (extracts.length === 0) {
    return (
      <section className="extracts">
        <h2 className="section-heading">{t('extracts.caption')}</h2>
        <p className="notice">{t('extracts.empty')}</p>
      </section>
    );
  }

  // Known systems get a translated name; a system the UI does not know yet shows as sent.
  const sourceSystems: Readonly<Record<string, string | undefined>> = t('sourceSystems', { returnObjects: true });

  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="section-heading">{t('extracts.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('extracts.columns.title')}</th>
            <th scope="col">{t('extracts.columns.sourceSystem')}</th>
            <th scope="col">{t('extracts.columns.format')}</th>
            <th scope="col">{t('extracts.columns.files')}</th>
            <th scope="col" className="numeric">
              {t('extracts.columns.size')}
            </th>
            <th scope="col" className="numeric">
              {t('extracts.columns.rows')}
            </th>
            <th scope="col" className="numeric" title={t('extracts.defectsHint')}>
              {t('extracts.columns.defects')}
            </th>
          </tr>
        </thead>
        <tbody>
          {extracts.map((extract) => (
            <tr key={extract.name}>
              <th scope="row">
                <span className="item-title">{localized(extract.title, language)}</span>
                <code className="item-name">{extract.name}</code>
              </th>
              <td>{sourceSystems[extract.sourceSystem] ?? extract.sourceSystem}</td>
              <td>
                <StorageFormatLabel extract={extract} />
              </td>
              <td>
                <ExtractFiles files={extract.files} />
              </td>
              <td className="numeric">
                <data
                  value={extract.sizeBytes}
                  title={t('extracts.exactBytes', { bytes: formatCount(extract.sizeBytes, language) })}
                >
                  {formatFileSize(extract.sizeBytes, language)}
                </data>
              </td>
              <td className="numeric">
                <data value={extract.rows}>{formatCount(extract.rows, language)}</data>
              </td>
              <td className="numeric">
                <data value={extract.defects} className={extract.defects > 0 ? 'defects' : undefined}>
                  {formatCount(extract.defects, language)}
                </data>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
