/** The mark left where text was cut, so a reader knows there was more. */
export const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `maxChars` characters, ending it with '…' when cut. Text that already fits is returned
 * unchanged, so a summary of exactly `maxChars` keeps its last character.
 *
 * Length is counted in UTF-16 code units (`string.length`): that is never less than the number of code points,
 * so the result fits whichever way the receiver counts. A surrogate pair is never split (that would leave an
 * invalid character before the ellipsis).
 */
export function truncateWithEllipsis(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  if (maxChars <= 0) return '';
  let end = maxChars - ELLIPSIS.length;
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, Math.max(0, end)) + ELLIPSIS;
}

/** Turns newlines, tabs and runs of spaces into one space: alert titles are shown on one line. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
