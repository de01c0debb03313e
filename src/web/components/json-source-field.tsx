import { useState, type ChangeEvent, type ReactNode } from 'react';
import { FieldErrorText } from './form-field';

export interface JsonSourceFieldProps {
  /** Base id: the text area gets `id`, the file input `${id}-file`. */
  id: string;
  legend: string;
  hint?: ReactNode;
  value: string;
  onChange: (text: string) => void;
  errors?: readonly string[] | undefined;
  required?: boolean;
}

/**
 * A JSON document (a Postman collection or environment) given either as a file upload or pasted; an upload fills
 * the text area, so the user sees and can fix what will be sent.
 */
export function JsonSourceField({
  id,
  legend,
  hint,
  value,
  onChange,
  errors,
  required,
}: JsonSourceFieldProps) {
  const [fileNote, setFileNote] = useState<string | null>(null);
  const errorId = errors?.length ? `${id}-error` : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;

  const readFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    if (!file) return;
    try {
      onChange(await file.text());
      setFileNote(`Loaded ${file.name} (${file.size} bytes).`);
    } catch (error) {
      setFileNote(`Could not read ${file.name}: ${(error as Error).message}`);
    }
  };

  return (
    <fieldset className={`field-group${errorId ? ' field-invalid' : ''}`}>
      <legend>
        {legend}
        {required ? null : <span className="muted"> (optional)</span>}
      </legend>
      {hint ? (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      <div className="file-pick">
        <label htmlFor={`${id}-file`}>Upload a file</label>
        <input id={`${id}-file`} type="file" accept=".json,application/json" onChange={readFile} />
        <span role="status" className="muted small">
          {fileNote}
        </span>
      </div>
      <label htmlFor={id}>…or paste the JSON</label>
      <textarea
        id={id}
        rows={8}
        spellCheck={false}
        className="mono"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        {...(describedBy ? { 'aria-describedby': describedBy } : {})}
        {...(errorId ? { 'aria-invalid': true } : {})}
      />
      {errorId ? <FieldErrorText id={errorId} errors={errors ?? []} /> : null}
    </fieldset>
  );
}
