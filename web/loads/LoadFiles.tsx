import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoadReport } from '../api/types.ts';
import { formatCount } from '../format/count.ts';
import { useLanguage } from '../i18n/useLanguage.ts';

/** The source files the load read, with the data rows of each. */
export function LoadFiles({ files }: { files: LoadReport['files'] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const headingId = useId();
  return (
    <section className="report-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="section-heading">
        {t('loads.files.caption')}
      </h3>
      {files.length === 0 ? (
        <p className="notice">{t('loads.files.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table fit-content" aria-labelledby={headingId}>
            <thead>
              <tr>
                <th scope="col">{t('loads.files.path')}</th>
                <th scope="col" className="numeric">
                  {t('loads.files.rows')}
                </th>
              </tr>
            </thead>
            <tbody>
              {files.map((file) => (
                <tr key={file.path}>
                  <th scope="row">
                    <code className="file-path">{file.path}</code>
                  </th>
                  <td className="numeric">
                    <data value={file.rows}>{formatCount(file.rows, language)}</data>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
