import { create } from 'xmlbuilder2';
import type { RunResult } from '../../runner/run-result.js';

/**
 * A JUnit XML report as CI systems read it (and as Newman's junit reporter shapes it): one `<testsuite>` per
 * request execution, one `<testcase>` per assertion, `<failure>` for failed assertions, `<error>` for a request
 * or script that could not complete.
 */
export function formatJunitReport(collectionName: string, result: RunResult): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: collectionName,
    tests: result.stats.assertions.total,
    failures: result.stats.assertions.failed,
    time: seconds(result.durationMs),
  });
  for (const execution of result.executions) {
    const failures = execution.assertions.filter((assertion) => !assertion.passed).length;
    const suite = root.ele('testsuite', {
      name: execution.name,
      tests: execution.assertions.length,
      failures,
      errors: execution.error ? 1 : 0,
      time: seconds(execution.responseTimeMs ?? 0),
      timestamp: result.startedAt,
    });
    for (const assertion of execution.assertions) {
      const testcase = suite.ele('testcase', {
        name: assertion.name,
        classname: `${collectionName}.${execution.name}`,
      });
      if (!assertion.passed)
        testcase.ele('failure', { type: 'AssertionError', message: assertion.error ?? '' });
    }
    if (execution.error) {
      suite
        .ele('testcase', { name: 'request', classname: `${collectionName}.${execution.name}` })
        .ele('error', { type: 'Error', message: execution.error });
    }
  }
  return root.end({ prettyPrint: true });
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
