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

/** A short confirmation ("Test event queued"), announced politely. */
export function SuccessNotice({ message }: { message: string | null }) {
  return (
    <div className="notice-slot" role="status" aria-live="polite">
      {message ? <div className="notice notice-success">{message}</div> : null}
    </div>
  );
}
