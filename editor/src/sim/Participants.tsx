/**
 * Who else is in the simulated group call or meeting: a name joins (the name stands for their
 * participant id, as in a scenario's `join` step), and each one present can leave. The flow hears
 * it as Graph's roster notification would tell it (`participants.updated`).
 */
import { useState } from 'react';

interface ParticipantsProps {
  disabled: boolean;
  present: readonly string[];
  onJoin: (name: string) => void;
  onLeave: (name: string) => void;
}

export function Participants({ disabled, present, onJoin, onLeave }: ParticipantsProps) {
  const [name, setName] = useState('');
  const trimmed = name.trim();
  const join = () => {
    if (!trimmed || present.includes(trimmed)) return;
    onJoin(trimmed);
    setName('');
  };
  return (
    <div className="sim-participants" role="group" aria-label="Participants">
      <label className="inline">
        Someone joins
        <input value={name} disabled={disabled} placeholder="guest-ana" onChange={(event) => setName(event.target.value)} />
      </label>
      <button type="button" className="secondary" disabled={disabled || !trimmed || present.includes(trimmed)} onClick={join}>
        Join
      </button>
      {present.map((who) => (
        <button key={who} type="button" className="secondary" disabled={disabled} onClick={() => onLeave(who)}>
          {who} leaves
        </button>
      ))}
    </div>
  );
}
