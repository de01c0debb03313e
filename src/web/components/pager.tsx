import type { CursorPager } from '../hooks/use-cursor-pager';

/** Previous / Next over a cursor list. Hidden when everything fits on the first page. */
export function Pager({
  pager,
  nextCursor,
  label,
}: {
  pager: CursorPager;
  nextCursor: string | null | undefined;
  label: string;
}) {
  if (pager.pageNumber === 1 && !nextCursor) return null;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={pager.previous} disabled={pager.pageNumber === 1}>
        ← Previous
      </button>
      <span>Page {pager.pageNumber}</span>
      <button type="button" onClick={() => nextCursor && pager.next(nextCursor)} disabled={!nextCursor}>
        Next →
      </button>
    </nav>
  );
}
