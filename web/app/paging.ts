// Paging through long lists (rejected rows, drill-through rows, a big result table): by offset and
// page size, with the total known.

export const defaultPageSize = 100;

export type PageRange = {
  /** 1-based number of the first row on the page; 0 when there are none. */
  first: number;
  /** 1-based number of the last row on the page. */
  last: number;
  total: number;
  /** Offset of the previous page, null on the first. */
  previousOffset: number | null;
  /** Offset of the next page, null on the last. */
  nextOffset: number | null;
};

export function pageRange(offset: number, rowsOnPage: number, total: number, pageSize = defaultPageSize): PageRange {
  return {
    first: rowsOnPage === 0 ? 0 : offset + 1,
    last: offset + rowsOnPage,
    total,
    previousOffset: offset > 0 ? Math.max(0, offset - pageSize) : null,
    nextOffset: offset + pageSize < total ? offset + pageSize : null,
  };
}
