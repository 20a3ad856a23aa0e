import { useTranslation } from 'react-i18next';
import { formatCount } from '../format/count.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { pageRange } from './paging.ts';

/**
 * 上一页 / 第 x–y 条，共 n 条 / 下一页 for any list paged by offset. `label` names the list for
 * screen readers (被拒行分页).
 */
export function Pager({ label, offset, rowsOnPage, total, pageSize, onPage }: {
  label: string;
  offset: number;
  rowsOnPage: number;
  total: number;
  pageSize: number;
  onPage: (offset: number) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const range = pageRange(offset, rowsOnPage, total, pageSize);
  return (
    <nav className="pager" aria-label={label}>
      <PagerButton label={t('pager.previous')} offset={range.previousOffset} onPage={onPage} />
      <span className="pager-range" role="status">
        {t('pager.range', { first: formatCount(range.first, language), last: formatCount(range.last, language), total: formatCount(range.total, language) })}
      </span>
      <PagerButton label={t('pager.next')} offset={range.nextOffset} onPage={onPage} />
    </nav>
  );
}

/**
 * Previous/next. At either end the button stays focusable but inert (aria-disabled), so that a
 * keyboard user who pages to the end does not have focus thrown back to the top of the page.
 */
function PagerButton({ label, offset, onPage }: { label: string; offset: number | null; onPage: (offset: number) => void }) {
  return (
    <button type="button" className="pager-button" aria-disabled={offset === null} onClick={() => offset !== null && onPage(offset)}>
      {label}
    </button>
  );
}
