/** One language of a prompt: the words, the voice that says them, an optional recording (which wins), and Listen. */
import { DraftInput } from './DraftInput.tsx';
import { ListenButton } from './ListenButton.tsx';
import { RecordingPicker } from './RecordingPicker.tsx';
import { VoiceSelect } from './VoiceSelect.tsx';
import { scalarProblem } from './schema-kinds.ts';
import { TEXT_SCHEMA, type Variant } from './prompt-edits.ts';
import { hasTemplates } from './speech-api.ts';

interface PromptVariantRowProps {
  promptKey: string;
  locale: string;
  variant: Variant;
  promptFiles: string[];
  onChange: (patch: Partial<Variant>) => void;
  /** Absent for a prompt's only language. */
  onRemove?: () => void;
}

export function PromptVariantRow({ promptKey, locale, variant, promptFiles, onChange, onRemove }: PromptVariantRowProps) {
  const name = `${promptKey} (${locale})`;
  return (
    <div className="prompt-variant" role="group" aria-label={name}>
      <span className="locale">{locale}</span>
      <DraftInput
        multiline
        aria-label={`Words of ${name}`}
        value={variant.text}
        onCommit={(next) => scalarProblem(TEXT_SCHEMA, next) ?? void onChange({ text: next })}
      />
      <VoiceSelect locale={locale} label={`Voice of ${name}`} value={variant.voice ?? ''} onChange={(voice) => onChange({ voice })} />
      <RecordingPicker promptKey={promptKey} locale={locale} value={variant.file ?? ''} files={promptFiles} onChange={(file) => onChange({ file })} />
      <ListenButton variant={{ locale, ...variant }} name={name} verbose />
      {onRemove && (
        <button type="button" className="link" onClick={onRemove}>
          Remove {locale}
        </button>
      )}
      <p className="help">
        {variant.file
          ? 'Callers hear the recording: it wins over the words, which should say what it says.'
          : hasTemplates(variant.text)
            ? 'Each {{ }} placeholder is filled in per call; Listen says it as its name.'
            : 'Callers hear these words, synthesized by the engine.'}
      </p>
    </div>
  );
}
