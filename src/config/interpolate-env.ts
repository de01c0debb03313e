import { isMap, isScalar, isSeq } from 'yaml';
import type { Diagnostic } from './diagnostics.js';
import { formatSourcePath, type YamlSource } from './yaml-source.js';

/** `${NAME}`, or `$${` (an escaped, literal `${`), or any other `${…}` (an error: not a variable name). */
const REFERENCE = /\$\$\{|\$\{([^}]*)\}?/g;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces `${VAR}` in every string value of the document with the environment variable's value, in place.
 * A missing variable is a diagnostic naming it, at the value's line; `$${` stands for a literal `${`. Keys are
 * left alone. Values stay strings: `${VAR}` cannot produce a number or a boolean.
 *
 * @returns the problems, and the paths of the values that had one (so later checks of the same value, which
 * would only repeat the problem, can be left out).
 */
export function interpolateEnvironment(
  source: YamlSource,
  env: NodeJS.ProcessEnv,
): { diagnostics: Diagnostic[]; failedPaths: Set<string> } {
  const diagnostics: Diagnostic[] = [];
  const failedPaths = new Set<string>();
  const visit = (node: unknown, path: PropertyKey[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key)) visit(pair.value, [...path, String(pair.key.value)]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...path, index]));
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${')) {
      const problems: string[] = [];
      node.value = node.value.replace(REFERENCE, (match, name: string | undefined) => {
        if (match === '$${') return '${';
        if (!match.endsWith('}') || name === undefined || !VARIABLE_NAME.test(name)) {
          problems.push(
            `"${match}" is not a variable reference: write \${NAME} (or $\${ for a literal "\${")`,
          );
          return match;
        }
        const value = env[name];
        if (value === undefined) {
          problems.push(`environment variable ${name} is not set`);
          return match;
        }
        return value;
      });
      if (problems.length) failedPaths.add(formatSourcePath(path));
      for (const message of problems) diagnostics.push(source.diagnostic(path, message));
    }
  };
  visit(source.document.contents, []);
  return { diagnostics, failedPaths };
}
