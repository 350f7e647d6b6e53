import { describe, expect, it } from 'vitest';
import mainMenu from '../../../flows/main-menu.flow.json';
import frontDesk from '../../../flows/front-desk.flow.json';
import conferenceHost from '../../../flows/conference-host.flow.json';
import conferenceHostTests from '../../../flows/conference-host.test.json';
import type { FlowDocument } from '../../../engine/core/types.ts';
import { runScenario } from '../../../engine/core/sim/scenario.ts';
import { Simulation } from './simulation.ts';
import { sessionToScenario } from './session-to-scenario.ts';

const flow = mainMenu as unknown as FlowDocument;
const simulate = (transfers: 'accept' | 'refuse' = 'accept') =>
  new Simulation({ flow, subflows: new Map(), caller: { phone: '+14255550123' }, transfers, promptDurations: new Map() });
const untilState = (sim: Simulation, state: string) => {
  while (sim.state !== state && sim.skipToNext());
  expect(sim.state).toBe(state);
};
const callOf = (sim: Simulation) => ({ from: { phone: '+14255550123' }, at: new Date(sim.startedAt).toISOString(), transfers: sim.setup.transfers });

describe('saving a simulated session as a test', () => {
  it('turns key presses and what the flow did into steps and expectations', () => {
    const sim = simulate();
    untilState(sim, 'mainMenu');
    sim.press('1');
    while (sim.skipToNext());
    const scenario = sessionToScenario(sim.compiled, 'Sales', callOf(sim), sim.call.log, sim.ended, sim.world);
    expect(scenario.steps).toEqual([
      { expect: { play: 'welcome' } },
      { expect: { play: 'mainMenu' } },
      { press: '1' },
      { expect: { transfer: { phone: '+14255550101', displayName: 'Contoso Sales' } } },
      { expect: { ended: true } },
    ]);
  });

  it('saves people joining and leaving as join and leave steps, and replays them', () => {
    const joinUrl = conferenceHostTests.scenarios[0].call.vars.joinUrl;
    const sim = new Simulation({
      flow: conferenceHost as unknown as FlowDocument,
      subflows: new Map(),
      caller: { phone: '+14255550123' },
      transfers: 'accept',
      promptDurations: new Map(),
      vars: { joinUrl },
    });
    untilState(sim, 'waitForGuest');
    sim.join('organizer');
    sim.join('guest-ana');
    untilState(sim, 'waitForLatecomer');
    sim.leave('guest-ana');
    while (sim.skipToNext());
    const scenario = sessionToScenario(sim.compiled, 'Guest', { ...callOf(sim), vars: { joinUrl } }, sim.call.log, sim.ended, sim.world);
    expect(scenario.steps.filter((step) => 'join' in step || 'leave' in step)).toEqual([{ join: 'organizer' }, { join: 'guest-ana' }, { leave: 'guest-ana' }]);
    expect(scenario.steps).toContainEqual({ expect: { play: 'guestMuted' } });
    expect(runScenario(sim.compiled, scenario, sim.world).passed).toBe(true);
  });

  it('measures the waits that let flow timers fire, so the scenario replays the same path', () => {
    const sim = simulate('refuse');
    untilState(sim, 'mainMenu');
    while (sim.call.effects.filter((effect) => effect.type === 'graph.playPrompt').length < 3) sim.skipToNext();
    sim.press('0');
    while (sim.skipToNext());
    const scenario = sessionToScenario(sim.compiled, 'Operator busy', callOf(sim), sim.call.log, sim.ended, sim.world);
    expect(scenario.transfers).toBe('refuse');
    expect(scenario.steps.some((step) => 'wait' in step)).toBe(true);
    expect(scenario.steps).toContainEqual({ expect: { play: ['noInput1', 'mainMenu'] } });
    const replay = runScenario(sim.compiled, scenario, sim.world);
    expect(replay.passed).toBe(true);
    expect(replay.statesEntered).toContain('operatorUnavailable');
  });

  it('saves a consultative transfer as the consult call, then the transfer, and replays it', () => {
    const sim = new Simulation({
      flow: frontDesk as unknown as FlowDocument,
      subflows: new Map(),
      caller: { phone: '+14255550123' },
      transfers: 'accept',
      promptDurations: new Map(),
    });
    untilState(sim, 'deskMenu');
    sim.press('2');
    while (sim.skipToNext());
    const scenario = sessionToScenario(sim.compiled, 'Manager', callOf(sim), sim.call.log, sim.ended, sim.world);
    const manager = { user: '8c4e2f1a-6b3d-4a9e-b7c5-1d0f3e2a4b6c', displayName: 'Duty manager' };
    expect(scenario.steps.slice(-3)).toEqual([{ expect: { consult: manager } }, { expect: { transfer: manager } }, { expect: { ended: true } }]);
    expect(runScenario(sim.compiled, scenario, sim.world).passed).toBe(true);
  });
});
