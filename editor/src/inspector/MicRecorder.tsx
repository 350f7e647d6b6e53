/**
 * Recording a prompt from the microphone: the browser captures the sound (PCM, at the device's
 * rate), it is written as a WAV (wav-encode.ts) and handed on to be uploaded like a file, where
 * the engine converts it to 16 kHz mono.
 */
import { useRef, useState } from 'react';
import { encodeWav } from './wav-encode.ts';

interface Capture {
  stop: () => Blob;
}

async function startCapture(): Promise<Capture> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1 } });
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  // ScriptProcessorNode needs no separate module file; enough for a short prompt.
  const processor = context.createScriptProcessor(4096, 1, 1);
  const chunks: Float32Array[] = [];
  processor.onaudioprocess = (event) => chunks.push(Float32Array.from(event.inputBuffer.getChannelData(0)));
  source.connect(processor);
  processor.connect(context.destination);
  return {
    stop: () => {
      processor.disconnect();
      source.disconnect();
      stream.getTracks().forEach((track) => track.stop());
      void context.close();
      return encodeWav(chunks, context.sampleRate);
    },
  };
}

export function MicRecorder({
  name,
  disabled,
  onRecorded,
  onFailed,
}: {
  name: string;
  disabled: boolean;
  onRecorded: (wav: Blob) => void;
  onFailed: (why: string) => void;
}) {
  const capture = useRef<Capture>(undefined);
  const [recording, setRecording] = useState(false);
  const toggle = async () => {
    if (capture.current) {
      const wav = capture.current.stop();
      capture.current = undefined;
      setRecording(false);
      return onRecorded(wav);
    }
    try {
      capture.current = await startCapture();
      setRecording(true);
    } catch (error) {
      onFailed(`the microphone cannot be used (${(error as Error).message})`);
    }
  };
  const unavailable = typeof navigator === 'undefined' || !navigator.mediaDevices;
  return (
    <button
      type="button"
      className="secondary"
      disabled={disabled || unavailable}
      aria-pressed={recording}
      aria-label={recording ? `Stop recording ${name} and upload it` : `Record ${name} from the microphone`}
      title={unavailable ? 'This page cannot use a microphone (it needs https or localhost)' : undefined}
      onClick={() => void toggle()}
    >
      {recording ? '■ Stop and upload' : '● Record'}
    </button>
  );
}
