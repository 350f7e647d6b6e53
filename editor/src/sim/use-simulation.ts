/**
 * The simulator's state for React: the running Simulation, a clock that runs in real time or
 * waits for "Skip to next event", and the prompts the bot plays heard as callers hear them: the
 * engine's recordings and synthesized words (the words are in the timeline when it cannot be reached).
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { Simulation, type SimulationSetup } from './simulation.ts';
import { PromptQueue } from '../inspector/prompt-preview.ts';

const TICK_MS = 100;

export type ClockMode = 'realtime' | 'manual';

export function useSimulation() {
  const [simulation, setSimulation] = useState<Simulation>();
  const [revision, bump] = useReducer((count: number) => count + 1, 0);
  const [clock, setClock] = useState<ClockMode>('realtime');
  const [speakPrompts, setSpeakPrompts] = useState(true);
  const spokenUpTo = useRef(0);
  const [queue] = useState(() => new PromptQueue());

  const settled = useCallback(
    (sim: Simulation | undefined) => {
      if (sim && speakPrompts) {
        for (const entry of sim.call.log.slice(spokenUpTo.current)) {
          const detail = entry.detail as { type?: string; prompts?: Array<{ text: string; locale: string; file?: string; ssml?: string; voice?: string }> };
          if (entry.kind === 'effect' && detail.type === 'graph.playPrompt') for (const prompt of detail.prompts ?? []) queue.add(prompt);
        }
      }
      spokenUpTo.current = sim?.call.log.length ?? 0;
      bump();
    },
    [speakPrompts, queue],
  );

  /** Runs this simulation from now on: a new call, or one a test took up to a step. */
  const adopt = useCallback(
    (sim: Simulation, resumed = false) => {
      queue.clear();
      // A call resumed from a test does not say again what it said before.
      spokenUpTo.current = resumed ? sim.call.log.length : 0;
      setSimulation(sim);
      settled(sim);
      return sim;
    },
    [settled, queue],
  );
  const start = useCallback((setup: SimulationSetup) => adopt(new Simulation(setup)), [adopt]);

  const act = useCallback(
    (action: (sim: Simulation) => void) => {
      if (!simulation) return;
      action(simulation);
      settled(simulation);
    },
    [simulation, settled],
  );

  const stop = useCallback(() => {
    queue.clear();
    setSimulation(undefined);
  }, [queue]);

  useEffect(() => {
    if (!simulation || clock !== 'realtime') return;
    const timer = setInterval(() => {
      if (simulation.ended && !simulation.next) return;
      simulation.advance(TICK_MS);
      settled(simulation);
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [simulation, clock, settled]);

  return { simulation, revision, clock, setClock, speakPrompts, setSpeakPrompts, start, adopt, act, stop };
}
