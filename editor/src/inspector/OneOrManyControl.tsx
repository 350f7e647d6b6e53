/**
 * An option that takes one thing or a list of them (schema-kinds.ts `oneOrMany`): a dial's `to` is
 * one person, number or app, or the 2–5 people of a group call. A small switch chooses the form;
 * below it, the one as its fields (ObjectControl) or the list as rows (ObjectListControl). Switching
 * keeps what was typed: the one becomes the list's first row, and the list's first row the one, so
 * an analyst turning a call into a group call only adds the others.
 */
import { useId } from 'react';
import { ObjectControl, ObjectListControl, type CollectionProps } from './CollectionFields.tsx';
import { helpText, oneOrMany } from './schema-kinds.ts';

export function OneOrManyControl(props: CollectionProps) {
  const { name, label, schema, value, onChange } = props;
  const forms = oneOrMany(schema)!;
  const many = Array.isArray(value);
  const groupName = useId();
  const chosen = many ? forms.many : forms.one;
  const switchTo = (toMany: boolean) => {
    if (toMany === many) return;
    if (toMany) onChange(value === undefined ? [] : [value]);
    else onChange((value as unknown[])[0]);
  };
  return (
    <div className="one-or-many">
      <div className="one-or-many-switch" role="radiogroup" aria-label={`${label}: one or several`}>
        {([false, true] as const).map((toMany) => (
          <label key={String(toMany)}>
            <input type="radio" name={groupName} checked={many === toMany} onChange={() => switchTo(toMany)} />
            {toMany ? 'Several' : 'One'}
          </label>
        ))}
      </div>
      <p className="help">{helpText(chosen)}</p>
      {many ? <ObjectListControl {...props} name={name} schema={forms.many} /> : <ObjectControl {...props} name={name} schema={forms.one} />}
    </div>
  );
}
