import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { View } from 'vega';
import type { MetricQuery } from '../api/types.ts';
import { cachedSession } from '../api/useSession.ts';
import { exportCsv, exportFileName, exportImage } from './chartExport.ts';

/** PNG and SVG of the drawn chart (off until there is one), CSV of the query's rows. */
export function ExportButtons({ view, query, name }: { view: View | null; query: MetricQuery | null; name: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const run = (work: () => Promise<void>) => {
    setError(null);
    work().catch((cause: unknown) => setError(cause instanceof Error ? cause.message : String(cause)));
  };
  return (
    <div className="export-buttons" role="group" aria-label={t('builder.export.label')}>
      <button type="button" disabled={!view} onClick={() => view && run(() => exportImage(view, 'png', exportFileName(name, 'png')))}>{t('builder.export.png')}</button>
      <button type="button" disabled={!view} onClick={() => view && run(() => exportImage(view, 'svg', exportFileName(name, 'svg')))}>{t('builder.export.svg')}</button>
      <button type="button" disabled={!query} onClick={() => query && run(() => exportCsv(query, cachedSession(client)?.csrfToken ?? null, exportFileName(name, 'csv')))}>{t('builder.export.csv')}</button>
      {error && <p role="alert" className="error-text">{t('builder.export.failed', { message: error })}</p>}
    </div>
  );
}
