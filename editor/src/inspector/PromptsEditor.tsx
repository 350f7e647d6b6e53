/**
 * The flow's prompt list: per prompt, the words of each language with its voice, an optional
 * recording (picked from flows/prompts or uploaded) that wins over the words, and Listen, which
 * plays what callers hear. A language can be added to a prompt; a new prompt needs only words.
 */
import { useId, useState } from 'react';
import type { FlowValue } from '../document/flow-value.ts';
import { FLOW_SCHEMA } from './schema-kinds.ts';
import { previewLocale } from './form-context.ts';
import { flowLocales, newPromptProblem, withVariant, withoutVariant, type Prompts } from './prompt-edits.ts';
import { PromptVariantRow } from './PromptVariantRow.tsx';

interface PromptsEditorProps {
  flow: FlowValue;
  promptFiles: string[];
  onChange: (prompts: Prompts | undefined) => void;
}

function AddLocale({ promptKey, missing, onAdd }: { promptKey: string; missing: string[]; onAdd: (locale: string) => void }) {
  const [locale, setLocale] = useState('');
  const listId = useId();
  const ok = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale);
  return (
    <span className="prompt-add-locale">
      <input
        aria-label={`New locale of ${promptKey}`}
        list={listId}
        value={locale}
        placeholder={missing[0] ?? 'es-US'}
        onChange={(event) => setLocale(event.target.value)}
      />
      <datalist id={listId}>
        {missing.map((option) => (
          <option key={option} value={option} />
        ))}
      </datalist>
      <button type="button" className="secondary" disabled={!ok} onClick={() => (onAdd(locale), setLocale(''))}>
        Add locale
      </button>
    </span>
  );
}

export function PromptsEditor({ flow, promptFiles, onChange }: PromptsEditorProps) {
  const prompts = flow.prompts ?? {};
  const id = useId();
  const locales = flowLocales(flow);
  const [key, setKey] = useState('');
  const [locale, setLocale] = useState(previewLocale(flow) ?? 'en-US');
  const [file, setFile] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const add = () => {
    const problem = newPromptProblem(prompts, key, locale, text);
    if (problem) return setError(problem);
    onChange({ ...prompts, [key]: { [locale]: file ? { text, file } : { text } } });
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
            <PromptVariantRow
              key={variantLocale}
              promptKey={promptKey}
              locale={variantLocale}
              variant={variant}
              promptFiles={promptFiles}
              onChange={(patch) => onChange(withVariant(prompts, promptKey, variantLocale, patch))}
              onRemove={Object.keys(variants).length > 1 ? () => onChange(withoutVariant(prompts, promptKey, variantLocale)) : undefined}
            />
          ))}
          <AddLocale
            promptKey={promptKey}
            missing={locales.filter((other) => !variants[other])}
            onAdd={(added) => onChange(withVariant(prompts, promptKey, added, { text: variants[Object.keys(variants)[0]]?.text ?? '' }))}
          />
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
        <label>
          Words{' '}
          <input
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => event.key === 'Enter' && add()}
            placeholder="Thank you for calling."
          />
        </label>
        <select aria-label="Recording" value={file} onChange={(event) => setFile(event.target.value)}>
          <option value="">No recording: the words are synthesized</option>
          {promptFiles.map((option) => (
            <option key={option} value={option}>
              {option.replace(/^prompts\//, '')}
            </option>
          ))}
        </select>
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
