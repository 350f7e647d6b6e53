/** A voice picker for one locale, filled from the engine's synthesizer; empty = the engine's voice for the locale. */
import { useEffect, useState } from 'react';
import { speechApi, type Voice } from './speech-api.ts';

export function VoiceSelect({ locale, value, label, onChange }: { locale: string; value: string; label: string; onChange: (voice: string) => void }) {
  const [voices, setVoices] = useState<Voice[]>();
  const [why, setWhy] = useState<string>();
  useEffect(() => {
    let current = true;
    speechApi.voices(locale).then(
      (list) => current && (setVoices(list), setWhy(undefined)),
      (error: Error) => current && setWhy(error.message),
    );
    return () => {
      current = false;
    };
  }, [locale]);
  const names = voices?.map((voice) => voice.name) ?? [];
  const options = value && !names.includes(value) ? [value, ...names] : names;
  return (
    <select aria-label={label} value={value} title={why ? `The voices are not known: ${why}` : undefined} onChange={(event) => onChange(event.target.value)}>
      <option value="">The engine's voice for {locale}</option>
      {options.map((name) => {
        const voice = voices?.find((candidate) => candidate.name === name);
        return (
          <option key={name} value={name}>
            {name}
            {voice?.gender ? ` (${voice.gender})` : ''}
            {voice ? '' : ' (not offered by the synthesizer)'}
          </option>
        );
      })}
    </select>
  );
}
