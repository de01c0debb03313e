/** The result every Events API validator returns: the normalised event, or PagerDuty-style error strings. */
export type EventValidation<Event> = { ok: true; event: Event } | { ok: false; errors: string[] };
