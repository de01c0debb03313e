import {
  isAlias,
  isCollection,
  isMap,
  isScalar,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
} from 'yaml';
import type { Diagnostic } from './diagnostics.js';

/** A path into the parsed file: keys and array indexes, as zod reports them. */
export type SourcePath = readonly PropertyKey[];

/** Where something is in the YAML file. */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * A parsed YAML config file that can say where any path is (line:column), for diagnostics. Built on the `yaml`
 * package's Document API: nodes keep their offsets, and a LineCounter turns offsets into lines.
 */
export interface YamlSource {
  /** The file name used in diagnostics, as the user gave it. */
  file: string;
  document: Document;
  /** YAML syntax errors and warnings, already as diagnostics (the document is unusable when there are any). */
  syntaxDiagnostics: Diagnostic[];
  /**
   * The position of the node at `path`, or of the nearest ancestor that exists (a missing field points at the
   * object that lacks it). With `key: true`, a map entry's key is pointed at instead of its value (unknown fields).
   */
  locate(path: SourcePath, options?: { key?: boolean }): SourcePosition;
  /** The position of a character offset in the file. */
  positionOf(offset: number): SourcePosition;
  /** A diagnostic at `path`. */
  diagnostic(path: SourcePath, message: string, options?: { key?: boolean }): Diagnostic;
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  // Nesting deep enough to exhaust the stack is refused before the (recursive) parser sees it: it overflows there,
  // and near the stack's end V8 may even abort the whole process (a regex compiled that deep runs out of memory).
  const tooDeep = firstTooDeep(text);
  // uniqueKeys: a key given twice in one mapping is a syntax error (with its position), not a silent override.
  const document = parseDocument(tooDeep === undefined ? text : '', {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  if (tooDeep !== undefined) lineCounter.lineStarts.splice(0, Infinity, ...lineStartsOf(text));
  const positionOf = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const locate = (path: SourcePath, options: { key?: boolean } = {}): SourcePosition => {
    for (let length = path.length; length >= 0; length -= 1) {
      const node = nodeAt(document, path.slice(0, length), options.key === true && length === path.length);
      if (node?.range) return positionOf(node.range[0]);
    }
    return { line: 1, column: 1 };
  };
  const diagnostic = (path: SourcePath, message: string, options?: { key?: boolean }): Diagnostic => ({
    file,
    ...locate(path, options),
    path: formatSourcePath(path),
    message,
  });
  const syntaxDiagnostics = [...document.errors, ...document.warnings].map((problem) => ({
    file,
    ...positionOf(problem.pos[0]),
    path: '$',
    message: `YAML: ${problem.message.split('\n', 1)[0] ?? problem.message}`,
  }));
  if (tooDeep !== undefined) {
    syntaxDiagnostics.push({
      file,
      ...positionOf(tooDeep),
      path: '$',
      message: `YAML: nested more than ${MAX_YAML_NESTING} levels deep (or indented more than ${MAX_YAML_INDENT} columns)`,
    });
  }
  return { file, document, syntaxDiagnostics, locate, positionOf, diagnostic };
}

/**
 * The file's data as plain JS values, or a diagnostic when it cannot be built: the `yaml` package refuses aliases
 * that expand too much (the "billion laughs" shape) with a ReferenceError, reported here at the first alias.
 */
export function toData(source: YamlSource): { data: unknown } | { diagnostic: Diagnostic } {
  try {
    return { data: source.document.toJS() };
  } catch (error) {
    let position = { line: 1, column: 1 };
    visit(source.document, {
      Alias(_key, node) {
        if (isAlias(node) && node.range) position = source.positionOf(node.range[0]);
        return visit.BREAK;
      },
    });
    const reason = error instanceof Error ? error.message : String(error);
    return { diagnostic: { file: source.file, ...position, path: '$', message: `YAML: ${reason}` } };
  }
}

/** Flow collections (`[`, `{`) nested deeper than this are refused; a real config nests a handful. */
export const MAX_YAML_NESTING = 128;
/** Lines indented more than this many columns are refused (block nesting that deep is no config either). */
export const MAX_YAML_INDENT = 256;

/**
 * The offset where `text` nests too deep, or undefined. A conservative scan, not a parser: brackets inside quotes
 * and comments are skipped, and a plain scalar with an apostrophe can only make it count fewer levels, never more.
 */
function firstTooDeep(text: string): number | undefined {
  let depth = 0;
  let indent = 0;
  let lineStart = true;
  let comment = false;
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '\n') {
      [lineStart, comment, indent] = [true, false, 0];
      continue;
    }
    if (comment) continue;
    if (lineStart && quote === undefined) {
      // Compact nesting (`- - - x`, `? - x`) indents like spaces do.
      const compact = (char === '-' || char === '?') && text[index + 1] === ' ';
      if (char === ' ' || compact) {
        indent += compact ? 2 : 1;
        if (compact) index++;
        if (indent > MAX_YAML_INDENT) return index;
        continue;
      }
    }
    lineStart = false;
    if (quote !== undefined) {
      if (char === '\\' && quote === '"') index++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#' && (index === 0 || /\s/.test(text[index - 1] ?? ''))) comment = true;
    else if (char === '[' || char === '{') {
      if (++depth > MAX_YAML_NESTING) return index;
    } else if (char === ']' || char === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1))
    starts.push(index + 1);
  return starts;
}

/** `monitors[0].schedule.cron`; `$` for the whole document. */
export function formatSourcePath(path: SourcePath): string {
  if (path.length === 0) return '$';
  return path
    .map((part, index) =>
      typeof part === 'number'
        ? `[${part}]`
        : // An empty (or null: `: x`) key would vanish from the path; it is shown as "".
          `${index === 0 ? '' : '.'}${String(part) === '' ? '""' : String(part)}`,
    )
    .join('');
}

/** The node at `path` (or, with `keyNode`, the key of the last entry), or undefined when it does not exist. */
function nodeAt(document: Document, path: SourcePath, keyNode: boolean): Node | undefined {
  let node: unknown = document.contents;
  for (const [index, part] of path.entries()) {
    if (!isCollection(node)) return undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(part));
      if (!pair) return undefined;
      if (keyNode && index === path.length - 1) return pair.key as Node;
      // `name:` with nothing after it has no value node: point at its key.
      node = pair.value ?? pair.key;
    } else {
      node = typeof part === 'number' ? node.items[part] : undefined;
    }
  }
  return (node ?? undefined) as Node | undefined;
}
