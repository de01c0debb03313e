import type { IncidentEffect } from '../incidents/index.js';
import type { Incident } from '../incidents/incident.js';
import type { Integration } from '../integrations/integration.js';
import {
  buildAcknowledgeEvent,
  buildResolveEvent,
  buildRunCustomDetails,
  buildTriggerEvent,
  buildV1Event,
} from '../notifiers/pagerduty/index.js';
import type { RunResult } from '../runner/run-result.js';
import type { DeliveryTarget } from '../store/repositories/integration-repository.js';

/** What an outbound event is built from. */
export interface EffectPayloadInput {
  effect: IncidentEffect;
  integration: Integration;
  /** The integration's target with its secret: builders validate the key; it is stripped before storing. */
  target: DeliveryTarget;
  monitor: { id: string; name: string };
  incident: Incident;
  /** The run behind a trigger. */
  result?: RunResult;
  /** PagerDuty's "affected system". */
  source: string;
  /** Link back to the monitor in pagewatch, when the server knows its public URL. */
  clientUrl?: string;
  now: Date;
}

/**
 * Builds the body of an outbound event with the channel's own builder, then removes the secret key: the outbox
 * stores bodies without keys, and the dispatcher adds the key from the encrypted store at send time.
 */
export function buildEffectPayload(input: EffectPayloadInput): Record<string, unknown> {
  if (input.target.type === 'webhook') return buildWebhookBody(input);
  const { routingKey, apiVersion } = input.target;
  const dedupKey = input.incident.dedupKey;
  const severity = input.integration.type === 'pagerduty' ? input.integration.config.severity : undefined;
  if (apiVersion === 'v1') {
    const { service_key: _key, ...event } = buildV1Event({
      serviceKey: routingKey,
      incidentKey: dedupKey,
      eventType: input.effect.action,
      ...(input.effect.action === 'trigger'
        ? {
            description: input.incident.summary,
            ...(input.result
              ? { details: { ...buildRunCustomDetails(input.monitor.name, input.result) } }
              : {}),
            ...(input.clientUrl ? { clientUrl: input.clientUrl } : {}),
          }
        : {}),
    });
    return event;
  }
  if (input.effect.action === 'trigger') {
    const { routing_key: _key, ...event } = buildTriggerEvent({
      routingKey,
      dedupKey,
      monitorName: input.monitor.name,
      result: input.result ?? placeholderResult(input.incident.summary, input.now),
      summary: input.incident.summary,
      ...(severity ? { severity } : {}),
      source: input.source,
      ...(input.clientUrl ? { clientUrl: input.clientUrl } : {}),
    });
    return event;
  }
  const build = input.effect.action === 'acknowledge' ? buildAcknowledgeEvent : buildResolveEvent;
  const { routing_key: _key, ...event } = build({ routingKey, dedupKey });
  return event;
}

/** The generic webhook body: what happened to which incident of which monitor, with the run when there is one. */
function buildWebhookBody(input: EffectPayloadInput): Record<string, unknown> {
  const event =
    input.effect.action === 'trigger'
      ? input.effect.reminder
        ? 'incident.reminder'
        : 'incident.triggered'
      : input.effect.action === 'acknowledge'
        ? 'incident.acknowledged'
        : 'incident.resolved';
  return {
    event,
    incident: input.incident,
    monitor: input.monitor,
    ...(input.effect.action === 'resolve' ? { reason: input.effect.reason } : {}),
    ...(input.result && input.effect.action === 'trigger'
      ? { run: buildRunCustomDetails(input.monitor.name, input.result) }
      : {}),
    ...(input.clientUrl ? { url: input.clientUrl } : {}),
  };
}

/** A trigger without a run (never produced by the engine today): an empty run, so the builder still applies. */
function placeholderResult(summary: string, now: Date): RunResult {
  const at = now.toISOString();
  return {
    status: 'error',
    startedAt: at,
    finishedAt: at,
    durationMs: 0,
    stats: { requests: { total: 0, failed: 0 }, assertions: { total: 0, failed: 0 } },
    executions: [],
    error: summary,
  };
}
