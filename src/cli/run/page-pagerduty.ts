import { hostname } from 'node:os';
import {
  buildAcknowledgeEvent,
  buildResolveEvent,
  buildTriggerEvent,
  deliverPagerDutyEvent,
  type PagerDutySeverity,
} from '../../notifiers/pagerduty/index.js';
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from '../../incidents/incident-policy.js';
import { transition, type IncidentEffect } from '../../incidents/transition.js';
import type { RunResult } from '../../runner/run-result.js';
import type { HttpClient } from '../../util/http-client.js';
import { incidentStateOf, readRunState, stateEntryKey, writeRunState } from './run-state-file.js';

/**
 * `pagewatch run` keeps the PagerDuty alert up to date on every failing run (the same dedup key adds to the
 * alert's log and never opens a second incident), and resolves it on the first passing run.
 */
const CLI_INCIDENT_POLICY: IncidentPolicy = { ...DEFAULT_INCIDENT_POLICY, remindEveryMs: 0 };

export interface PagePagerDutyInput {
  routingKey: string;
  dedupKey: string;
  monitorName: string;
  severity: PagerDutySeverity;
  baseUrl: string;
  stateFile: string;
  result: RunResult;
  http: HttpClient;
  now: Date;
  /** Delivery attempts per event before giving up. */
  maxAttempts: number;
  /** Told about each delivery attempt that will be retried. */
  onRetry: (message: string) => void;
}

/** What was sent, for the CLI to print; empty when the run changed nothing in PagerDuty. */
export interface PageOutcome {
  sent: { action: IncidentEffect['action']; reminder: boolean; dedupKey: string }[];
}

/**
 * Decides with the incident engine what this run means for the alert, delivers it with retries, and only then
 * records the new state, so an undelivered trigger or resolve is decided again (and sent) by the next run.
 * Throws the delivery error (permanent or transient after retries) without touching the state file.
 */
export async function pagePagerDuty(input: PagePagerDutyInput): Promise<PageOutcome> {
  const stateFile = await readRunState(input.stateFile);
  const entryKey = stateEntryKey(input.routingKey, input.dedupKey);
  const next = transition(
    incidentStateOf(stateFile, entryKey),
    { type: 'run', status: input.result.status },
    CLI_INCIDENT_POLICY,
    input.now,
  );
  const outcome: PageOutcome = { sent: [] };
  for (const effect of next.effects) {
    const keys = { routingKey: input.routingKey, dedupKey: input.dedupKey };
    const event =
      effect.action === 'trigger'
        ? buildTriggerEvent({
            ...keys,
            monitorName: input.monitorName,
            result: input.result,
            severity: input.severity,
            source: affectedSource(input.result),
          })
        : effect.action === 'resolve'
          ? buildResolveEvent(keys)
          : buildAcknowledgeEvent(keys);
    await deliverPagerDutyEvent(event, {
      http: input.http,
      baseUrl: input.baseUrl,
      kind: 'v2',
      maxAttempts: input.maxAttempts,
      onRetry: ({ attempt, maxAttempts, delayMs, error }) =>
        input.onRetry(
          `PagerDuty ${effect.action}: attempt ${attempt}/${maxAttempts} failed (${error.message}); ` +
            `retrying in ${(delayMs / 1000).toFixed(1)} s`,
        ),
    });
    outcome.sent.push({
      action: effect.action,
      reminder: effect.action === 'trigger' && effect.reminder,
      dedupKey: input.dedupKey,
    });
  }
  stateFile.incidents[entryKey] = next.state;
  await writeRunState(input.stateFile, stateFile);
  return outcome;
}

/** PagerDuty's "source" is the affected system: the host of the first failing request, else this machine. */
function affectedSource(result: RunResult): string {
  const failing = result.executions.find(
    (execution) => execution.error || execution.assertions.some((assertion) => !assertion.passed),
  );
  try {
    if (failing) return new URL(failing.url).host;
  } catch {
    // an unparsable URL (unresolved variables) says nothing useful about the host
  }
  return hostname();
}
