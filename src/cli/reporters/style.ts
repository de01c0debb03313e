import { styleText } from 'node:util';

type StyleName = 'green' | 'red' | 'yellow' | 'gray' | 'bold' | 'cyan';

/** Returns a styler that colours text only when colour is on (never escape codes in files or pipes). */
export function makeStyler(color: boolean): (style: StyleName, text: string) => string {
  return (style, text) => (color ? styleText(style, text) : text);
}
