import { describeError } from '../api/api-error';

/** An error that is not about one field: a failed load, or a refused action. */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  if (error === undefined || error === null) return null;
  return (
    <div className="notice notice-error" role="alert">
      <span aria-hidden="true">⚠ </span>
      {title ? <strong>{title}: </strong> : null}
      {describeError(error)}
    </div>
  );
}

/** General messages of a form (problems the API reported without a field). */
export function FormErrors({ messages }: { messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="notice notice-error" role="alert">
      <span aria-hidden="true">⚠ </span>
      {messages.length === 1 ? (
        messages[0]
      ) : (
        <ul>
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A short outcome ("Test event queued", "Run finished: failure"), announced politely. `tone` colours it: success,
 * or info for outcomes that are neither good nor bad news about the action itself.
 */
export function SuccessNotice({
  message,
  tone = 'success',
}: {
  message: string | null;
  tone?: 'success' | 'info';
}) {
  return (
    <div className="notice-slot" role="status" aria-live="polite">
      {message ? <div className={`notice notice-${tone}`}>{message}</div> : null}
    </div>
  );
}
