import type { AssertionRecord, RequestRecord, RunRecord } from './run-record.js';

/**
 * One way Newman's and pagewatch's runs of a collection differ. `key` says where, stably enough to be listed in
 * the allow-list (`status`, `requestCount`, `requests.length`, `requests[2].code`,
 * `requests[2].assertions[0].passed`…); `newman` and `pagewatch` are the two sides as text.
 */
export interface Difference {
  key: string;
  /** Human context: which request / assertion, by name. */
  where: string;
  newman: string;
  pagewatch: string;
}

const NONE = '(none)';

/**
 * Compares two normalised runs: run status, request count, then per item execution in order (name, method,
 * response code, iteration, error present or not) and per assertion in order (name, passed). Pure; an empty
 * list means the runs conform.
 */
export function compareRuns(newman: RunRecord, pagewatch: RunRecord): Difference[] {
  const differences: Difference[] = [];
  const add = (key: string, where: string, n: unknown, p: unknown): void => {
    if (n !== p) differences.push({ key, where, newman: show(n), pagewatch: show(p) });
  };
  add('status', 'run status', newman.status, pagewatch.status);
  add('requestCount', 'requests sent', newman.requestCount, pagewatch.requestCount);
  add('requests.length', 'item executions', newman.requests.length, pagewatch.requests.length);
  const length = Math.max(newman.requests.length, pagewatch.requests.length);
  for (let index = 0; index < length; index += 1) {
    differences.push(...compareRequests(index, newman.requests[index], pagewatch.requests[index]));
  }
  return differences;
}

function compareRequests(
  index: number,
  newman: RequestRecord | undefined,
  pagewatch: RequestRecord | undefined,
): Difference[] {
  const key = `requests[${index}]`;
  const where = `request ${index + 1} "${newman?.name ?? pagewatch?.name}"`;
  if (!newman || !pagewatch) {
    return [{ key, where, newman: describeRequest(newman), pagewatch: describeRequest(pagewatch) }];
  }
  const differences: Difference[] = [];
  const add = (field: string, n: unknown, p: unknown): void => {
    if (n !== p) differences.push({ key: `${key}.${field}`, where, newman: show(n), pagewatch: show(p) });
  };
  add('name', newman.name, pagewatch.name);
  add('method', newman.method, pagewatch.method);
  add('code', newman.code, pagewatch.code);
  add('iteration', newman.iteration, pagewatch.iteration);
  if ((newman.error === undefined) !== (pagewatch.error === undefined)) {
    differences.push({
      key: `${key}.error`,
      where,
      newman: newman.error ?? 'no error',
      pagewatch: pagewatch.error ?? 'no error',
    });
  }
  add('assertions.length', newman.assertions.length, pagewatch.assertions.length);
  const count = Math.max(newman.assertions.length, pagewatch.assertions.length);
  for (let a = 0; a < count; a += 1) {
    const n = newman.assertions[a];
    const p = pagewatch.assertions[a];
    const assertionKey = `${key}.assertions[${a}]`;
    const assertionWhere = `${where}, assertion ${a + 1} "${n?.name ?? p?.name}"`;
    if (!n || !p) {
      differences.push({
        key: assertionKey,
        where: assertionWhere,
        newman: describeAssertion(n),
        pagewatch: describeAssertion(p),
      });
      continue;
    }
    if (n.name !== p.name) {
      differences.push({
        key: `${assertionKey}.name`,
        where: assertionWhere,
        newman: n.name,
        pagewatch: p.name,
      });
    }
    if (n.passed !== p.passed) {
      differences.push({
        key: `${assertionKey}.passed`,
        where: assertionWhere,
        newman: describeAssertion(n),
        pagewatch: describeAssertion(p),
      });
    }
  }
  return differences;
}

function show(value: unknown): string {
  return value === undefined ? NONE : String(value);
}

function describeRequest(request: RequestRecord | undefined): string {
  if (!request) return NONE;
  const code = request.code ?? 'no response';
  return `${request.method} "${request.name}" → ${code}, ${request.assertions.length} assertion(s)`;
}

function describeAssertion(assertion: AssertionRecord | undefined): string {
  if (!assertion) return NONE;
  if (assertion.passed) return `"${assertion.name}" passed`;
  return `"${assertion.name}" failed${assertion.error ? `: ${assertion.error}` : ''}`;
}

/** One line per difference, for a test failure message. */
export function formatDifferences(differences: readonly Difference[]): string {
  return differences
    .map((d) => `  ${d.key} (${d.where})\n    newman:    ${d.newman}\n    pagewatch: ${d.pagewatch}`)
    .join('\n');
}
