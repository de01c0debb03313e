/** The Newman corpus collections the runner bench measures: the conformance suite's corpus, minus the slow ones. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunInput } from '../../src/runner/index.js';
import { discoverCorpus } from '../../test/conformance/corpus-discovery.js';
import { locateCorpus } from '../../test/conformance/corpus-location.js';
import type { Workload } from './series-spec.js';

/**
 * Every corpus collection that pagewatch loads as it is and whose run time is not dominated by the server waiting on
 * purpose (`/delay/n`) or by run options of its own (a config file). The rest are listed with the reason.
 */
export async function corpusWorkloads(): Promise<{
  workloads: Extract<Workload, { kind: 'corpus' }>[];
  skipped: string[];
}> {
  const { dir } = locateCorpus();
  const workloads: Extract<Workload, { kind: 'corpus' }>[] = [];
  const skipped: string[] = [];
  for (const testCase of discoverCorpus(dir).cases) {
    const path = (relative: string | undefined): string | undefined =>
      relative ? join(dir, relative) : undefined;
    if (testCase.config) {
      skipped.push(`${testCase.name} (own run options)`);
      continue;
    }
    if (readFileSync(join(dir, testCase.collection), 'latin1').includes('/delay/')) {
      skipped.push(`${testCase.name} (waits on /delay)`);
      continue;
    }
    const files = {
      collection: join(dir, testCase.collection),
      ...(testCase.environment ? { environment: path(testCase.environment) } : {}),
      ...(testCase.globals ? { globals: path(testCase.globals) } : {}),
      ...(testCase.data ? { iterationData: path(testCase.data) } : {}),
    };
    try {
      await loadRunInput(files);
    } catch (error) {
      skipped.push(`${testCase.name} (${(error as { code?: string }).code ?? 'not loadable'})`);
      continue;
    }
    workloads.push({ kind: 'corpus', name: testCase.name, files });
  }
  return { workloads, skipped };
}
