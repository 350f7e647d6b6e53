/**
 * The flow's prompt list: each prompt key with its recording and words per locale, playable on
 * the spot. Recordings are picked from the WAV files the engine has under flows/prompts.
 */
import { useId, useState } from 'react';
import type { FlowValue } from '../document/flow-value.ts';
import { FLOW_SCHEMA, scalarProblem } from './schema-kinds.ts';
import { DraftInput } from './DraftInput.tsx';
import { playRecording } from './prompt-preview.ts';
import { previewLocale } from './form-context.ts';

type Prompts = NonNullable<FlowValue['prompts']>;
const KEY_SCHEMA = { $ref: '#/$defs/promptKey' };
const TEXT_SCHEMA = { type: 'string', minLength: 1, maxLength: 2000 };

interface PromptsEditorProps {
  flow: FlowValue;
  promptFiles: string[];
  onChange: (prompts: Prompts | undefined) => void;
}

function FileSelect({ value, files, label, onChange }: { value: string; files: string[]; label: string; onChange: (file: string) => void }) {
  const options = value && !files.includes(value) ? [value, ...files] : files;
  return (
    <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">Choose a recording…</option>
      {options.map((file) => (
        <option key={file} value={file}>
          {file.replace(/^prompts\//, '')}
        </option>
      ))}
    </select>
  );
}

export function PromptsEditor({ flow, promptFiles, onChange }: PromptsEditorProps) {
  const prompts = flow.prompts ?? {};
  const id = useId();
  const [key, setKey] = useState('');
  const [locale, setLocale] = useState(previewLocale(flow) ?? 'en-US');
  const [file, setFile] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const setVariant = (promptKey: string, variantLocale: string, patch: Partial<{ file: string; text: string }>) =>
    onChange({ ...prompts, [promptKey]: { ...prompts[promptKey], [variantLocale]: { ...prompts[promptKey][variantLocale], ...patch } } });
  const add = () => {
    const problem = !key
      ? 'enter a key'
      : prompts[key]
        ? `'${key}' already exists`
        : scalarProblem(KEY_SCHEMA, key)
          ? 'a key starts with a letter, then letters, digits, _ . or -'
          : !file
            ? 'choose a recording'
            : !text.trim()
              ? 'enter the words of the recording'
              : undefined;
    if (problem) return setError(problem);
    onChange({ ...prompts, [key]: { [locale]: { file, text } } });
    setKey('');
    setFile('');
    setText('');
    setError(undefined);
  };
  return (
    <section className="prompts-editor" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Prompts</h3>
      <p className="help">{String((FLOW_SCHEMA.properties as Record<string, { description?: string }>).prompts.description)}</p>
      {Object.entries(prompts).map(([promptKey, variants]) => (
        <fieldset key={promptKey} className="prompt-entry">
          <legend>{promptKey}</legend>
          {Object.entries(variants).map(([variantLocale, variant]) => (
            <div key={variantLocale} className="prompt-variant">
              <span className="locale">{variantLocale}</span>
              <FileSelect
                label={`Recording of ${promptKey} (${variantLocale})`}
                value={variant.file ?? ''}
                files={promptFiles}
                onChange={(next) => setVariant(promptKey, variantLocale, { file: next })}
              />
              <DraftInput
                aria-label={`Words of ${promptKey} (${variantLocale})`}
                value={variant.text}
                onCommit={(next) => scalarProblem(TEXT_SCHEMA, next) ?? void setVariant(promptKey, variantLocale, { text: next })}
              />
              <button
                type="button"
                className="icon"
                aria-label={`Play ${promptKey} (${variantLocale})`}
                onClick={() => playRecording(variant.file, variant.text, variantLocale)}
              >
                ▶
              </button>
            </div>
          ))}
          <button
            type="button"
            className="link"
            onClick={() =>
              onChange(Object.keys(prompts).length > 1 ? Object.fromEntries(Object.entries(prompts).filter(([other]) => other !== promptKey)) : undefined)
            }
          >
            Remove prompt {promptKey}
          </button>
        </fieldset>
      ))}
      <fieldset className="prompt-add">
        <legend>New prompt</legend>
        <label>
          Prompt key <input value={key} onChange={(event) => setKey(event.target.value)} placeholder="welcome" />
        </label>
        <label>
          Locale <input value={locale} onChange={(event) => setLocale(event.target.value)} />
        </label>
        <FileSelect label="Recording" value={file} files={promptFiles} onChange={setFile} />
        <label>
          Words{' '}
          <input
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => event.key === 'Enter' && add()}
            placeholder="Thank you for calling."
          />
        </label>
        <button type="button" onClick={add}>
          Add prompt
        </button>
        {error && (
          <span className="field-error" role="alert">
            {error}
          </span>
        )}
      </fieldset>
    </section>
  );
}
