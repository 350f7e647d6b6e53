/**
 * "New prompt…" in a state's prompt picker: a key and the words callers hear, declared in the
 * flow's prompts (in its language) and chosen at once, without leaving the state's form.
 */
import { useState } from 'react';
import { useFormContext, previewLocale } from './form-context.ts';
import { flowLocales, newPromptProblem } from './prompt-edits.ts';

export function NewPromptForm({ onCreated, onCancel }: { onCreated: (key: string) => void; onCancel: () => void }) {
  const { flow, setPrompts } = useFormContext();
  const locale = previewLocale(flow) ?? flowLocales(flow)[0] ?? 'en-US';
  const [key, setKey] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const create = () => {
    const prompts = flow.prompts ?? {};
    const problem = newPromptProblem(prompts, key, locale, text);
    if (problem) return setError(problem);
    setPrompts?.({ ...prompts, [key]: { [locale]: { text } } });
    onCreated(key);
  };
  return (
    <div className="new-prompt" role="group" aria-label="New prompt">
      <label>
        Key of the new prompt <input value={key} autoFocus placeholder="welcome" onChange={(event) => setKey(event.target.value)} />
      </label>
      <label>
        Words callers hear ({locale}){' '}
        <textarea
          rows={2}
          value={text}
          placeholder="Thank you for calling."
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => event.key === 'Enter' && !event.shiftKey && (event.preventDefault(), create())}
        />
      </label>
      <p className="help">The engine synthesizes the words; a recording and other languages can be added in the flow settings.</p>
      <button type="button" onClick={create}>
        Create prompt
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
