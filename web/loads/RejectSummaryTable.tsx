import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoadReport } from '../api/types.ts';
import { formatCount } from '../format/count.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { RejectRuleLabel } from './RejectRuleLabel.tsx';

/**
 * Why rows were rejected: one group per rule and column with its row count, then the first
 * examples (where, which value, the loader's message), so a data steward sees what to fix
 * without opening the file.
 */
export function RejectSummaryTable({ rejects, fileCount }: { rejects: LoadReport['rejects']; fileCount: number }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const headingId = useId();
  // Where the load read one file, the files table above names it; repeating it on every example
  // would only squeeze the columns that differ.
  const showFile = fileCount > 1;
  const showSheet = rejects.some((group) => group.examples.some((example) => example.sheet !== null));
  const columnCount = 3 + Number(showFile) + Number(showSheet);
  return (
    <section className="report-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="section-heading">
        {t('loads.rejects.caption')}
      </h3>
      {rejects.length === 0 ? (
        <p className="notice">{t('loads.rejects.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table reject-summary" aria-labelledby={headingId}>
            <thead>
              <tr>
                {showFile && <th scope="col">{t('loads.rejects.file')}</th>}
                {showSheet && <th scope="col">{t('loads.rejects.sheet')}</th>}
                <th scope="col" className="numeric">
                  {t('loads.rejects.row')}
                </th>
                <th scope="col">{t('loads.rejects.value')}</th>
                <th scope="col">{t('loads.rejects.message')}</th>
              </tr>
            </thead>
            {rejects.map((group) => (
              <tbody key={`${group.rule}\u0000${group.column ?? ''}`} className="reject-group">
                <tr>
                  <th scope="rowgroup" colSpan={columnCount} className="reject-group-heading">
                    <RejectRuleLabel rule={group.rule} />
                    {group.column && <code className="reject-column">{group.column}</code>}
                    <data value={group.rows} className="reject-rows">
                      {t('loads.rejects.rows', { n: formatCount(group.rows, language) })}
                    </data>
                    {group.rows > group.examples.length && (
                      <span className="muted">{t('loads.rejects.examplesShown', { shown: formatCount(group.examples.length, language) })}</span>
                    )}
                  </th>
                </tr>
                {group.examples.map((example) => (
                  <tr key={`${example.file}\u0000${example.sheet ?? ''}\u0000${example.row}`} className="reject-example">
                    {showFile && (
                      <td>
                        <code className="file-path">{example.file}</code>
                      </td>
                    )}
                    {showSheet && <td>{example.sheet}</td>}
                    <td className="numeric">
                      <data value={example.row}>{String(example.row)}</data>
                    </td>
                    <td className="reject-value">
                      {example.value === null || example.value === '' ? (
                        <span className="muted">{t('loads.rejects.emptyValue')}</span>
                      ) : (
                        <code>{example.value}</code>
                      )}
                    </td>
                    <td className="reject-message">{example.message}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </section>
  );
}
