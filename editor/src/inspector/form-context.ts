/**
 * What every inspector field may need besides its own value: the flow (for state ids, prompt
 * keys and variables), the prompt recordings the engine has, and a way to declare a prompt
 * without leaving a state's form.
 */
import { createContext, useContext } from 'react';
import type { FlowValue } from '../document/flow-value.ts';

export interface FormContextValue {
  flow: FlowValue;
  promptFiles: string[];
  /** Replaces the flow's prompt list (one edit). */
  setPrompts?: (prompts: NonNullable<FlowValue['prompts']>) => void;
}

export const FormContext = createContext<FormContextValue>({ flow: {}, promptFiles: [] });

export const useFormContext = () => useContext(FormContext);

/** The locale prompts are previewed and summarised in. */
export function previewLocale(flow: FlowValue): string | undefined {
  const settings = flow.settings as { locale?: string } | undefined;
  return settings?.locale;
}
