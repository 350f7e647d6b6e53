/**
 * Prompt pickers: a prompt key is chosen from the flow's prompt list by its words, and can be
 * heard at once as callers hear it; a list of prompts can be reordered. "New prompt…" declares a
 * prompt from its words without leaving the form; the rest is edited in the flow settings
 * (PromptsEditor).
 */
import { useState } from 'react';
import type { ControlProps } from './ScalarFields.tsx';
import { useFormContext, previewLocale } from './form-context.ts';
import { promptVariant } from './prompt-preview.ts';
import { ListenButton } from './ListenButton.tsx';
import { NewPromptForm } from './NewPromptForm.tsx';

const NEW = '+new';

function PromptSelect({
  id,
  value,
  label,
  onChange,
  describedBy,
}: {
  id?: string;
  value: string;
  label: string;
  onChange: (key: string) => void;
  describedBy?: string;
}) {
  const { flow, setPrompts } = useFormContext();
  const [creating, setCreating] = useState(false);
  const keys = Object.keys(flow.prompts ?? {});
  const locale = previewLocale(flow);
  const variant = value ? promptVariant(flow, value, locale) : undefined;
  return (
    <span className="prompt-pick">
      <select
        id={id}
        aria-label={id ? undefined : label}
        aria-describedby={describedBy}
        value={creating ? NEW : value}
        onChange={(event) => (event.target.value === NEW ? setCreating(true) : (setCreating(false), onChange(event.target.value)))}
      >
        <option value="">{keys.length ? 'Choose a prompt…' : 'No prompts yet: choose New prompt…'}</option>
        {setPrompts && <option value={NEW}>New prompt…</option>}
        {value && !keys.includes(value) && <option value={value}>{value} (not declared)</option>}
        {keys.map((key) => (
          <option key={key} value={key}>
            {key} — {promptVariant(flow, key, locale)?.text ?? ''}
          </option>
        ))}
      </select>
      <ListenButton variant={variant} name={value || 'prompt'} />
      {creating && (
        <NewPromptForm
          onCancel={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            onChange(key);
          }}
        />
      )}
    </span>
  );
}

export function PromptKeyControl({ id, label, value, onChange, describedBy }: ControlProps) {
  return (
    <PromptSelect
      id={id}
      label={label}
      describedBy={describedBy}
      value={typeof value === 'string' ? value : ''}
      onChange={(key) => onChange(key || undefined)}
    />
  );
}

export function PromptListControl({ id, label, value, onChange, describedBy }: ControlProps) {
  const list = Array.isArray(value) ? (value as string[]) : [];
  const write = (next: string[]) => onChange(next.length ? next : undefined);
  const move = (from: number, to: number) => {
    const next = [...list];
    next.splice(to, 0, ...next.splice(from, 1));
    write(next);
  };
  return (
    <div className="prompt-list" id={id} role="group" aria-label={label} aria-describedby={describedBy}>
      {list.map((key, index) => (
        <div key={index} className="prompt-row">
          <PromptSelect
            label={`${label} ${index + 1}`}
            value={key}
            onChange={(next) => write(next ? list.map((old, at) => (at === index ? next : old)) : list.filter((_, at) => at !== index))}
          />
          <button type="button" className="icon" aria-label={`Move ${label} ${index + 1} up`} disabled={index === 0} onClick={() => move(index, index - 1)}>
            ↑
          </button>
          <button type="button" className="icon" aria-label={`Remove ${label} ${index + 1}`} onClick={() => write(list.filter((_, at) => at !== index))}>
            ✕
          </button>
        </div>
      ))}
      <PromptSelect label={`Add to ${label}`} value="" onChange={(key) => key && write([...list, key])} />
    </div>
  );
}
