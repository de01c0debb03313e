/**
 * The shapes PagerDuty's Events APIs accept, as pagewatch sends them. Field names are PagerDuty's (snake_case),
 * because these objects are serialized as-is into the request body.
 */

/** How bad PagerDuty should consider the alert; it drives urgency rules on the service. */
export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

/** A link shown on the alert (Events API v2 and Change Events). */
export interface PagerDutyLink {
  href: string;
  text?: string;
}

/** `payload` of an Events API v2 trigger. */
export interface TriggerPayload {
  /** Headline of the alert and of the incident it opens; at most 1024 characters. */
  summary: string;
  /** Where the problem is (a host, a region); never empty. */
  source: string;
  severity: PagerDutySeverity;
  /** ISO-8601 time the problem was detected. */
  timestamp?: string;
  component?: string;
  group?: string;
  class?: string;
  custom_details?: Record<string, unknown>;
}

/** An Events API v2 trigger (`POST /v2/enqueue`). */
export interface TriggerEvent {
  routing_key: string;
  event_action: 'trigger';
  dedup_key: string;
  payload: TriggerPayload;
  /** Name of the monitoring tool; in the body, where PagerDuty reads it (not an HTTP option). */
  client?: string;
  /** Link back to the monitoring tool; in the body, like `client`. */
  client_url?: string;
  links?: PagerDutyLink[];
}

/** An Events API v2 acknowledge or resolve: only the key pair that names the alert. */
export interface AcknowledgeOrResolveEvent {
  routing_key: string;
  event_action: 'acknowledge' | 'resolve';
  dedup_key: string;
}

/** Any Events API v2 alert event. */
export type AlertEvent = TriggerEvent | AcknowledgeOrResolveEvent;

/** A Change Event (`POST /v2/change/enqueue`): creates no incident, records a change on the service. */
export interface ChangeEvent {
  routing_key: string;
  payload: {
    summary: string;
    source?: string;
    timestamp?: string;
    custom_details?: Record<string, unknown>;
  };
  links?: PagerDutyLink[];
}

/** A legacy Events API v1 event (`POST /generic/2010-04-15/create_event.json`). */
export interface V1Event {
  service_key: string;
  event_type: 'trigger' | 'acknowledge' | 'resolve';
  incident_key?: string;
  description?: string;
  details?: Record<string, unknown>;
  client?: string;
  client_url?: string;
}

/** Every event the sender can deliver. */
export type PagerDutyEvent = AlertEvent | ChangeEvent | V1Event;

/** Which Events API an event is for; selects the endpoint and the success status. */
export type PagerDutyEventKind = 'v2' | 'change' | 'v1';
