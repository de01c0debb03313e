import { useCallback, useState } from 'react';

export interface CursorPager {
  /** The cursor of the page shown; undefined for the first page. */
  cursor: string | undefined;
  /** 1-based. */
  pageNumber: number;
  next: (nextCursor: string) => void;
  previous: () => void;
}

/**
 * Page-by-page navigation over the API's cursor lists (`?cursor=` = the previous page's `nextCursor`). Keeps the
 * cursors seen, so "Previous" needs no backwards cursor. Give it a new `resetKey` (e.g. a filter) to start over.
 */
export function useCursorPager(resetKey: string): CursorPager {
  const [state, setState] = useState<{ resetKey: string; cursors: (string | undefined)[] }>({
    resetKey,
    cursors: [undefined],
  });
  const cursors = state.resetKey === resetKey ? state.cursors : [undefined];
  const next = useCallback(
    (nextCursor: string) => setState({ resetKey, cursors: [...cursors, nextCursor] }),
    [resetKey, cursors],
  );
  const previous = useCallback(
    () => setState({ resetKey, cursors: cursors.length > 1 ? cursors.slice(0, -1) : cursors }),
    [resetKey, cursors],
  );
  return { cursor: cursors[cursors.length - 1], pageNumber: cursors.length, next, previous };
}
