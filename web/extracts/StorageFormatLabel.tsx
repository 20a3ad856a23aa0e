import { useTranslation } from 'react-i18next';
import type { Extract } from '../api/types.ts';
import { storageFormat } from './storageFormat.ts';

/** "CSV [GB18030] [gzip]"; each tag says to screen readers what it is, sighted users see it styled. */
export function StorageFormatLabel({ extract }: { extract: Extract }) {
  const { t } = useTranslation();
  const { format, encoding, compression } = storageFormat(extract);
  return (
    <span className="storage-format">
      {format}
      {encoding && (
        <span className="tag tag-encoding" title={t('extracts.encoding')}>
          <span className="visually-hidden">{t('extracts.encoding')} </span>
          {encoding}
        </span>
      )}
      {compression && (
        <span className="tag" title={t('extracts.compression')}>
          <span className="visually-hidden">{t('extracts.compression')} </span>
          {compression}
        </span>
      )}
    </span>
  );
}
