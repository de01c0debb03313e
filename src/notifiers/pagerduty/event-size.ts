/**
 * Keeping an event under PagerDuty's 512 KB request limit. An oversized event is rejected outright, and a page
 * that is rejected is a page that is missed, so a builder shrinks the least important parts first and refuses
 * (with a clear error) only when even the essentials do not fit.
 */
import { PagewatchError } from '../../errors/pagewatch-error.js';
import { MAX_EVENT_BYTES } from './contract-limits.js';
import { truncateWithEllipsis } from './truncate-text.js';

/** The size of an event's request body in bytes (UTF-8 JSON, as the sender serializes it). */
export function serializedEventBytes(event: unknown): number {
  return Buffer.byteLength(JSON.stringify(event), 'utf8');
}

/** One way of making an event smaller; returns a new event and never mutates its input. */
export type ShrinkStep<E> = (event: E, maxBytes: number) => E;

/**
 * Returns `event` when it fits in `maxBytes`, otherwise applies `steps` in order until the result fits.
 * Throws `PW_ERR_PAYLOAD_TOO_LARGE` when it still does not fit after the last step: sending it would only
 * earn a rejection, and cutting identity fields (keys) is never an option.
 *
 * @param maxBytes - Default {@link MAX_EVENT_BYTES} (512 000), PagerDuty's limit.
 */
export function fitEventToSizeLimit<E>(
  event: E,
  steps: readonly ShrinkStep<E>[],
  maxBytes = MAX_EVENT_BYTES,
): E {
  let current = event;
  if (serializedEventBytes(current) <= maxBytes) return current;
  for (const step of steps) {
    current = step(current, maxBytes);
    if (serializedEventBytes(current) <= maxBytes) return current;
  }
  const bytes = serializedEventBytes(current);
  const message =
    `The PagerDuty event is ${bytes} bytes even after dropping its details, over the ${maxBytes}-byte limit; ` +
    'shorten source, component, group, class, client_url or links';
  throw new PagewatchError('PW_ERR_PAYLOAD_TOO_LARGE', message, [{ message }]);
}

/**
 * A step that cuts one text field (a summary, a description) to the longest length that lets the event fit,
 * but not below `minChars`: a title cut to nothing would be rejected anyway, so later steps get their turn.
 */
export function cutTextToFit<E>(
  read: (event: E) => string,
  write: (event: E, text: string) => E,
  minChars: number,
): ShrinkStep<E> {
  return (event, maxBytes) => {
    const text = read(event);
    if (text.length <= minChars) return event;
    const withLength = (chars: number): E => write(event, truncateWithEllipsis(text, chars));
    // Binary search on the length: serializing is cheap once the details are gone, and it accounts exactly
    // for JSON escaping and multi-byte characters, which a byte estimate would not.
    let low = minChars;
    let high = text.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (serializedEventBytes(withLength(middle)) <= maxBytes) low = middle;
      else high = middle - 1;
    }
    return withLength(low);
  };
}
