/**
 * "Listen": plays a prompt as callers hear it — its recording, or its words synthesized by the
 * engine — and says what was played, or why nothing could be. Words with `{{ }}` placeholders are
 * played with each placeholder said as its name, and the button says so.
 */
import { useState, useSyncExternalStore } from 'react';
import { access } from '../access/access-store.ts';
import { listen } from './prompt-preview.ts';
import { hasTemplates, type SpokenVariant } from './speech-api.ts';

interface ListenButtonProps {
  variant: SpokenVariant | undefined;
  /** What is listened to, e.g. "greeting (en-US)". */
  name: string;
  /** Show what was played beside the button (forms with room for it). */
  verbose?: boolean;
}

export function ListenButton({ variant, name, verbose }: ListenButtonProps) {
  const canEdit = useSyncExternalStore(access.subscribe, () => access.can('Flows.Edit'));
  const [said, setSaid] = useState<{ text: string; failed?: boolean }>();
  const synthesized = variant !== undefined && !variant.file;
  const templated = synthesized && hasTemplates(variant.text);
  const refused = synthesized && !canEdit ? 'Hearing words needs the Flows.Edit role (the engine synthesizes them)' : undefined;
  const play = async () => {
    if (!variant) return;
    setSaid({ text: 'Getting the audio…' });
    try {
      const audio = await listen(variant);
      const length = audio.durationMs ? ` (${(audio.durationMs / 1000).toFixed(1)} s)` : '';
      setSaid({
        text: audio.synthesized ? `Playing the engine's voice${length}${templated ? ', placeholders said as their names' : ''}` : 'Playing the recording',
      });
    } catch (error) {
      setSaid({ text: `Cannot play ${name}: ${(error as Error).message}`, failed: true });
    }
  };
  return (
    <>
      <button
        type="button"
        className="icon"
        disabled={!variant || refused !== undefined}
        aria-label={`Listen to ${name}`}
        title={refused ?? (templated ? 'Plays the words with each {{ }} placeholder said as its name; a call says its values' : variant?.text)}
        onClick={() => void play()}
      >
        ▶
      </button>
      {said && (verbose || said.failed) && (
        <span className={said.failed ? 'field-error' : 'help'} role={said.failed ? 'alert' : 'status'}>
          {said.text}
        </span>
      )}
    </>
  );
}
