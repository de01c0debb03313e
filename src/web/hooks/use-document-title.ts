import { useEffect } from 'react';

/** Sets the tab's title to "<title> · pagewatch" (screen readers announce it on navigation). */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · pagewatch`;
  }, [title]);
}
