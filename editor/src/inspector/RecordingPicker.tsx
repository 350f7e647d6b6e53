/**
 * A variant's recording: one of the WAVs under flows/prompts, a file uploaded now (WAV, MP3 or M4A;
 * the engine converts it to 16 kHz mono, and says why when it cannot), or one recorded from the
 * microphone. A recording wins over the words.
 */
import { useState, useSyncExternalStore } from 'react';
import { access } from '../access/access-store.ts';
import { speechApi } from './speech-api.ts';
import { MicRecorder } from './MicRecorder.tsx';

interface RecordingPickerProps {
  promptKey: string;
  locale: string;
  value: string;
  files: string[];
  onChange: (file: string | undefined) => void;
}

export function RecordingPicker({ promptKey, locale, value, files, onChange }: RecordingPickerProps) {
  const canEdit = useSyncExternalStore(access.subscribe, () => access.can('Flows.Edit'));
  const [said, setSaid] = useState<{ text: string; failed?: boolean }>();
  const options = value && !files.includes(value) ? [value, ...files] : files;
  const name = `${promptKey} (${locale})`;
  const upload = async (file: Blob | undefined, what: string) => {
    if (!file) return;
    setSaid({ text: `Uploading ${what}…` });
    try {
      const answer = await speechApi.upload(locale, promptKey, file);
      onChange(answer.file);
      setSaid({ text: `Uploaded as ${answer.file} (${(answer.durationMs / 1000).toFixed(1)} s)` });
    } catch (error) {
      setSaid({ text: `${what} was not uploaded: ${(error as Error).message}`, failed: true });
    }
  };
  return (
    <span className="recording-pick">
      <select aria-label={`Recording of ${name}`} value={value} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">No recording: the words are synthesized</option>
        {options.map((file) => (
          <option key={file} value={file}>
            {file.replace(/^prompts\//, '')}
          </option>
        ))}
      </select>
      <label className="upload" title="A WAV, MP3 or M4A recording of at most 20 MiB and 5 minutes">
        Upload…
        <input
          type="file"
          accept=".wav,.mp3,.m4a,.aac,audio/wav,audio/mpeg,audio/mp4,audio/aac"
          aria-label={`Upload a recording of ${name}`}
          disabled={!canEdit}
          onChange={(event) => {
            const file = event.target.files?.[0];
            void upload(file, file?.name ?? '');
            event.target.value = '';
          }}
        />
      </label>
      <MicRecorder
        name={name}
        disabled={!canEdit}
        onRecorded={(wav) => void upload(wav, 'The recording')}
        onFailed={(why) => setSaid({ text: `Not recorded: ${why}`, failed: true })}
      />
      {said && (
        <span className={said.failed ? 'field-error' : 'help'} role={said.failed ? 'alert' : 'status'}>
          {said.text}
        </span>
      )}
    </span>
  );
}
