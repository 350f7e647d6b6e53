/**
 * A text input that only writes values its field accepts. While what is typed is not valid yet
 * (half a phone number, a number out of range) it stays in the input with the reason beside it,
 * instead of putting an invalid value into the flow on every keystroke.
 */
import { useEffect, useState, type InputHTMLAttributes } from 'react';

interface DraftInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> {
  value: string;
  /** Returns why the text cannot be used, or undefined after using it. */
  onCommit: (text: string) => string | undefined;
  /** Commit on every keystroke (default) or only on Enter and when leaving the field (renames). */
  commitOn?: 'input' | 'blur';
  multiline?: boolean;
}

export function DraftInput({ value, onCommit, commitOn = 'input', multiline, id, ...rest }: DraftInputProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setDraft(null);
    setError(undefined);
  }, [value]);
  const commit = (text: string) => {
    const problem = onCommit(text);
    setError(problem);
    if (!problem) setDraft(null);
  };
  const change = (text: string) => {
    setDraft(text);
    if (commitOn === 'input') commit(text);
    else setError(undefined);
  };
  const props = {
    ...rest,
    id,
    value: draft ?? value,
    'aria-invalid': error ? true : undefined,
    'aria-errormessage': error ? `${id}-error` : undefined,
    onBlur: () => draft !== null && commit(draft),
  };
  return (
    <>
      {multiline ? (
        <textarea {...(props as object)} rows={3} onChange={(event) => change(event.target.value)} />
      ) : (
        <input {...props} onChange={(event) => change(event.target.value)} onKeyDown={(event) => event.key === 'Enter' && draft !== null && commit(draft)} />
      )}
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
