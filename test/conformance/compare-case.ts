import { join } from 'node:path';
import type { EchoServer } from '../fixtures/echo-server/index.js';
import { applyAllowList, type AllowListOutcome } from './allow-list.js';
import { compareRuns } from './compare-runs.js';
import type { CorpusCase } from './corpus-discovery.js';
import { runWithNewman } from './newman-driver.js';
import { runWithPagewatch } from './pagewatch-driver.js';
import { readRunConfig, setsTimeouts, toPagewatchRunOptions } from './run-config.js';
import type { RunRecord } from './run-record.js';

/** Both runs of one corpus case and how they compare. */
export interface CaseComparison {
  newman: RunRecord;
  pagewatch: RunRecord;
  /** What the pagewatch driver did besides running (e.g. a v1 conversion). */
  notes: string[];
  outcome: AllowListOutcome;
}

/**
 * A case is timing-sensitive when its config sets timeouts (e.g. `timeout`: a 300 ms busy-wait under a 500 ms
 * script timeout): it is run alone, and Newman and pagewatch one after the other, so the two runners (and other
 * collections) do not eat into each other's time on a small machine.
 */
export function isTimingSensitive(corpusDir: string, corpusCase: CorpusCase): boolean {
  if (corpusCase.config === undefined) return false;
  try {
    return setsTimeouts(readRunConfig(join(corpusDir, corpusCase.config)));
  } catch {
    return false; // an unreadable config fails the case's own subtest, with the reason
  }
}

/** Runs one case through Newman and pagewatch (side by side unless `sequential`) and compares the runs. */
export async function compareCase(
  corpusDir: string,
  corpusCase: CorpusCase,
  echo: EchoServer,
  sequential: boolean,
): Promise<CaseComparison> {
  const config = corpusCase.config ? readRunConfig(join(corpusDir, corpusCase.config)) : {};
  const options = {
    ...toPagewatchRunOptions(config),
    agents: echo.agents,
    // Compare everything the run did, not the product's display caps.
    maxExecutions: 100_000,
    maxAssertions: 1_000_000,
  };
  const runNewman = (): Promise<RunRecord> => runWithNewman(corpusDir, corpusCase, config, echo.agents);
  const runPagewatch = (): ReturnType<typeof runWithPagewatch> =>
    runWithPagewatch(corpusDir, corpusCase, options);
  const [newman, pagewatch] = sequential
    ? [await runNewman(), await runPagewatch()]
    : await Promise.all([runNewman(), runPagewatch()]);
  return {
    newman,
    pagewatch: pagewatch.record,
    notes: pagewatch.notes,
    outcome: applyAllowList(corpusCase.key, compareRuns(newman, pagewatch.record)),
  };
}
