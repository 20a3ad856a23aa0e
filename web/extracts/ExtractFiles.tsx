import { useTranslation } from 'react-i18next';
import type { ExtractFile } from '../api/types.ts';
import { formatCount } from '../format/count.ts';
import { formatFileSize } from '../format/fileSize.ts';
import { useLanguage } from '../i18n/useLanguage.ts';

/**
 * The file behind an extract, or a collapsed list when an extract is split (e.g. one file per
 * month), so that one long extract does not stretch its row over the whole screen.
 */
export function ExtractFiles({ files }: { files: ExtractFile[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [only] = files;
  if (files.length <= 1) return only ? <code className="file-path">{only.path}</code> : null;
  return (
    <details className="file-list">
      <summary>{t('extracts.fileCount', { n: formatCount(files.length, language) })}</summary>
      <ul>
        {files.map((file) => (
          <li key={file.path}>
            <code className="file-path">{file.path}</code>{' '}
            <span className="muted">
              {t('extracts.fileDetail', {
                size: formatFileSize(file.sizeBytes, language),
                rows: formatCount(file.rows, language),
              })}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}
