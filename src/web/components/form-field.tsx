import type { ReactNode } from 'react';

/** What a field's control needs to be tied to its label, hint and errors. */
export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

export interface FormFieldProps {
  id: string;
  label: ReactNode;
  /** Help under the label. */
  hint?: ReactNode;
  /** Problems with this field (client-side checks and the API's `error.details` for its path). */
  errors?: readonly string[] | undefined;
  /** Renders the control with the given props, e.g. `(props) => <input {...props} />`. */
  children: (control: FieldControlProps) => ReactNode;
}

/**
 * One labelled form field with its hint and its errors right under it; the control is described by both, so a
 * screen reader reads the error when the field gets focus.
 */
export function FormField({ id, label, hint, errors, children }: FormFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${errorId ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(errorId ? { 'aria-invalid': true as const } : {}),
      })}
      {errorId ? <FieldErrorText id={errorId} errors={errors ?? []} /> : null}
    </div>
  );
}

/** Errors of a field (or a group of controls), each on its own line, marked with an icon and the word "Error". */
export function FieldErrorText({ id, errors }: { id: string; errors: readonly string[] }) {
  return (
    <div className="field-error" id={id} role="alert">
      {errors.map((message) => (
        <p key={message}>
          <span aria-hidden="true">⚠ </span>
          <span className="visually-hidden">Error: </span>
          {message}
        </p>
      ))}
    </div>
  );
}
