/**
 * The semantic flow diff on the main menu: each kind of change a reviewer can meet, with its
 * pointer, its values and its sentence; formatting that changes no meaning gives no change; a flow
 * added or deleted shows every state added or removed; a state renamed is one change (the cases
 * where a rename is ambiguous are in flow-diff-renames.test.ts). The last test checks that every
 * kind of change was met in this file, so a new kind cannot go untested.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffFlows, formatFlow } from '../engine/blocks/language.ts';
import type { FlowChange, FlowChangeKind } from '../engine/core/flow-diff-changes.ts';
import type { FlowDocument, StateConfig } from '../engine/core/types.ts';
import { FLOWS_DIR } from '../engine/node/paths.ts';
import { diffKindsMet, edited, freeze, MAIN_MENU, only } from './support/flow-diff-fixtures.ts';

const EXAMPLES = ['main-menu', 'business-hours', 'voicemail', 'outbound-reminder', 'meeting-join', 'survey'].map((id) =>
  freeze(JSON.parse(readFileSync(join(FLOWS_DIR, `${id}.flow.json`), 'utf8')) as FlowDocument),
);
const SURVEY = EXAMPLES[5];
const lines = (changes: FlowChange[]) => changes.map((change) => `${change.pointer}  ${change.sentence}`);

describe('flow diff: flow-level changes', () => {
  it('names the flow, its description, start and flow-wide handlers with old and new values', () => {
    const after = edited((flow) => {
      flow.name = 'Contoso main number';
      delete flow.description;
      flow.start = 'welcome';
      flow.on = { error: 'operatorUnavailable', hangup: 'hangup' };
    });
    const changes = diffKindsMet(MAIN_MENU, after);
    expect(lines(changes)).toEqual([
      '/name  Flow name changed from "Contoso main line" to "Contoso main number"',
      `/description  Flow description removed (was ${JSON.stringify(MAIN_MENU.description)})`,
      "/start  The flow now starts at 'welcome' instead of 'answer'",
      "/on/hangup  When the caller hangs up, the flow now goes to 'hangup' (no handler before)",
      "/on/error  On an error, the flow now goes to 'operatorUnavailable' instead of 'apology'",
    ]);
    expect(changes[2]).toMatchObject({ kind: 'start-changed', before: 'answer', after: 'welcome' });
    const removed = diffKindsMet(
      after,
      edited((flow) => (flow.on = { hangup: 'hangup' })),
    );
    expect(lines(removed)).toContain("/on/error  On an error, the bot now hangs up (went to 'operatorUnavailable')");
  });

  it('names flow-wide keys added, rewired and removed, one key a line, and follows a renamed state', () => {
    const withKeys = edited((flow) => (flow.on = { error: 'apology', key: { '0': 'operator', '*': 'mainMenu' } }));
    expect(lines(diffKindsMet(MAIN_MENU, withKeys))).toEqual([
      "/on/key/0  Pressing 0 at any time now goes to 'operator' (a new flow-wide key)",
      "/on/key/*  Pressing * at any time now goes to 'mainMenu' (a new flow-wide key)",
    ]);
    const rewired = edited((flow) => (flow.on = { error: 'apology', key: { '0': 'holdForOperator' } }));
    expect(lines(diffFlows(withKeys, rewired))).toEqual([
      "/on/key/0  Pressing 0 at any time now goes to 'holdForOperator' instead of 'operator'",
      "/on/key/*  Pressing * at any time no longer goes anywhere (went to 'mainMenu')",
    ]);
    const renamed = edited((flow) => {
      const { operator, ...rest } = flow.states;
      flow.states = { ...rest, agent: operator };
      flow.states.holdForOperator = { ...flow.states.holdForOperator, next: 'agent' };
      flow.on = { error: 'apology', key: { '0': 'agent', '*': 'mainMenu' } };
    });
    expect(lines(diffFlows(withKeys, renamed))).toEqual(["/states/agent  State 'operator' (transfer) renamed to 'agent'"]);
  });

  it('names each setting changed, set or removed, named delays one by one', () => {
    const before = edited((flow) => (flow.settings = { locale: 'en-US', maxSteps: 500, delays: { short: 2, long: 30 } }));
    const after = edited((flow) => (flow.settings = { locale: 'en-GB', timeZone: 'Europe/London', delays: { short: 3, long: 30 } }));
    const changes = diffKindsMet(before, after);
    expect(lines(changes)).toEqual([
      '/settings/locale  Setting locale changed from en-US to en-GB',
      '/settings/timeZone  Setting timeZone set to Europe/London',
      '/settings/delays/short  Setting delays.short changed from 2 to 3',
      '/settings/maxSteps  Setting maxSteps removed (was 500)',
    ]);
    expect(changes.every((change) => change.kind === 'setting-changed')).toBe(true);
  });

  it('names variables added, removed and changed (type, default)', () => {
    const before = edited((flow) => (flow.variables = { attempts: { type: 'integer', default: 0 }, tier: { type: 'string' } }));
    const after = edited((flow) => (flow.variables = { attempts: { type: 'number', default: 1 }, vip: { type: 'boolean', default: false } }));
    const changes = diffKindsMet(before, after);
    expect(lines(changes)).toEqual([
      "/variables/attempts/type  Variable 'attempts': type changed from integer to number",
      "/variables/attempts/default  Variable 'attempts': default changed from 0 to 1",
      "/variables/vip  Variable 'vip' added: boolean, default false",
      "/variables/tier  Variable 'tier' removed (was string)",
    ]);
    expect(changes[1]).toMatchObject({ kind: 'variable-changed', variable: 'attempts', field: 'default', before: 0, after: 1 });
  });

  it('names prompt words and files per key and locale, and prompts or locales added and removed', () => {
    const after = edited((flow) => {
      const prompts = flow.prompts!;
      prompts.welcome['en-US'].text = 'Thanks for calling Contoso.';
      prompts.goodbye['en-US'].file = 'prompts/en-US/thanks-goodbye.wav';
      prompts.goodbye['fr-FR'] = { file: 'prompts/fr-FR/goodbye.wav', text: 'Au revoir.' };
      delete prompts.technicalProblem;
    });
    const changes = diffKindsMet(MAIN_MENU, after);
    expect(lines(changes)).toEqual([
      `/prompts/welcome/en-US/text  Prompt 'welcome' (en-US) words changed from "Thank you for calling Contoso." to "Thanks for calling Contoso."`,
      "/prompts/goodbye/en-US/file  Prompt 'goodbye' (en-US) file changed from prompts/en-US/goodbye.wav to prompts/en-US/thanks-goodbye.wav",
      `/prompts/goodbye/fr-FR  Prompt 'goodbye' (fr-FR) added: "Au revoir." (prompts/fr-FR/goodbye.wav)`,
      `/prompts/technicalProblem/en-US  Prompt 'technicalProblem' (en-US) removed (was "We're sorry, something went wrong. Please call again later.")`,
    ]);
    expect(changes[0]).toMatchObject({ kind: 'prompt-words-changed', prompt: 'welcome', locale: 'en-US' });
  });

  it('names a prompt’s SSML or voice set, changed or removed', () => {
    const voiced = edited((flow) => {
      flow.prompts!.welcome['en-US'].voice = 'en-us';
    });
    const after = edited((flow) => {
      flow.prompts!.welcome['en-US'].ssml = '<speak>Thank you <break time="200ms"/> for calling.</speak>';
    });
    expect(lines(diffKindsMet(voiced, after))).toEqual([
      `/prompts/welcome/en-US/ssml  Prompt 'welcome' (en-US) SSML set to "<speak>Thank you <break time=\\"200ms\\"/> for calling.</speak>"`,
      `/prompts/welcome/en-US/voice  Prompt 'welcome' (en-US) voice removed (was "en-us")`,
    ]);
  });
});

describe('flow diff: states', () => {
  it('names an option changed with old → new value at its pointer (a list of prompts, a nested phone number)', () => {
    const after = edited((flow) => {
      flow.states.welcome.prompts = ['welcome', 'holdMusic'];
      (flow.states.sales.to as { phone: string }).phone = '+14255550199';
      flow.states.mainMenu.timeoutSeconds = 8;
      delete flow.states.mainMenu.description;
    });
    const changes = diffKindsMet(MAIN_MENU, after);
    expect(lines(changes)).toEqual([
      "/states/welcome/prompts  State 'welcome' (play): prompts changed from welcome to welcome, holdMusic",
      `/states/mainMenu/description  State 'mainMenu' (menu): description removed (was ${JSON.stringify(MAIN_MENU.states.mainMenu.description)})`,
      "/states/mainMenu/timeoutSeconds  State 'mainMenu' (menu): timeoutSeconds changed from 5 to 8",
      "/states/sales/to/phone  State 'sales' (transfer): to.phone changed from +14255550101 to +14255550199",
    ]);
    expect(changes[0]).toMatchObject({ kind: 'option-changed', stateId: 'welcome', option: 'prompts', before: ['welcome'], after: ['welcome', 'holdMusic'] });
  });

  it('names ports rewired, connected, disconnected, added and removed, by the block’s port names', () => {
    const after = edited((flow) => {
      const menu = flow.states.mainMenu;
      menu.choices = { '0': 'holdForOperator', '2': 'hangup', '9': 'welcome' };
      menu.error = 'apology';
      delete menu.noMatch;
    });
    const changes = diffKindsMet(MAIN_MENU, after);
    expect(lines(changes)).toEqual([
      "/states/mainMenu/choices/2  State 'mainMenu' (menu): port 2 now goes to 'hangup' instead of 'support'",
      "/states/mainMenu/choices/9  State 'mainMenu' (menu): new port 9 goes to 'welcome'",
      "/states/mainMenu/noMatch  State 'mainMenu' (menu): port noMatch is no longer connected (went to 'holdForOperator')",
      "/states/mainMenu/error  State 'mainMenu' (menu): port error now goes to 'apology' (was not connected)",
      "/states/mainMenu/choices/1  State 'mainMenu' (menu): port 1 removed (went to 'sales')",
    ]);
    expect(changes[0]).toMatchObject({ kind: 'port-rewired', stateId: 'mainMenu', stateType: 'menu', port: '2', before: 'support', after: 'hangup' });
    expect(changes.map((change) => change.kind)).toEqual(['port-rewired', 'port-added', 'port-rewired', 'port-rewired', 'port-removed']);
  });

  it('orders states as the new flow does, removed states last; a state given another block is replaced', () => {
    const after = edited((flow) => {
      const { hangup, ...rest } = flow.states;
      flow.states = { hangup, goodbye: { type: 'play', prompts: ['goodbye'], next: 'hangup' }, ...rest };
      flow.states.operatorUnavailable.next = 'goodbye';
      flow.states.support = { type: 'play', prompts: ['operatorUnavailable'], next: 'hangup' };
      delete flow.states.sales;
      (flow.states.mainMenu.choices as Record<string, string>)['1'] = 'support';
    });
    const changes = diffKindsMet(MAIN_MENU, after);
    expect(lines(changes)).toEqual([
      "/states/goodbye  State 'goodbye' (play) added; port next goes to 'hangup'",
      "/states/mainMenu/choices/1  State 'mainMenu' (menu): port 1 now goes to 'support' instead of 'sales'",
      "/states/support  State 'support' is now a play block instead of a transfer block",
      "/states/operatorUnavailable/next  State 'operatorUnavailable' (play): port next now goes to 'goodbye' instead of 'hangup'",
      "/states/sales  State 'sales' (transfer) removed",
    ]);
    expect(changes[2]).toMatchObject({ kind: 'state-replaced', before: MAIN_MENU.states.support, after: after.states.support });
  });

  it('reports a state renamed, with the references that moved, as one change rather than removed and added', () => {
    const after = edited((flow) => {
      const { support, ...rest } = flow.states;
      flow.states = Object.fromEntries(
        Object.entries(rest).flatMap(([id, state]) =>
          id === 'sales'
            ? [
                [id, state],
                ['helpDesk', support],
              ]
            : [[id, state]],
        ),
      );
      (flow.states.mainMenu.choices as Record<string, string>)['2'] = 'helpDesk';
    });
    const changes = diffKindsMet(MAIN_MENU, after);
    expect(lines(changes)).toEqual(["/states/helpDesk  State 'support' (transfer) renamed to 'helpDesk'"]);
    expect(changes[0]).toMatchObject({ kind: 'state-renamed', stateId: 'helpDesk', stateType: 'transfer', before: 'support', after: 'helpDesk' });
  });
});

describe('flow diff: what is not a change, and whole flows', () => {
  it('finds no change when only formatting differs: key order, state order, indentation, canonical form', () => {
    const shuffled = JSON.parse(JSON.stringify(reverseKeys(MAIN_MENU), null, 7)) as FlowDocument;
    expect(Object.keys(shuffled.states)[0]).toBe('hangup');
    expect(diffFlows(MAIN_MENU, shuffled)).toEqual([]);
    expect(diffFlows(MAIN_MENU, JSON.parse(formatFlow(shuffled)) as FlowDocument)).toEqual([]);
    // Lists of objects (a switch's cases, a schedule's hours) are compared inside too.
    for (const flow of EXAMPLES) expect(diffFlows(flow, reverseKeys(flow) as FlowDocument)).toEqual([]);
  });

  it('finds the rename, and only the rename, when the renamed state is also written differently', () => {
    const after = edited((flow) => {
      const states = Object.entries(flow.states).map(([id, state]) => [id === 'afterHangup' ? 'sendPartial' : id, reverseKeys(state) as StateConfig]);
      flow.states = Object.fromEntries(states);
      flow.on = { hangup: 'sendPartial' };
    }, SURVEY);
    expect(SURVEY.on).toEqual({ hangup: 'afterHangup' });
    expect(lines(diffFlows(SURVEY, after))).toEqual(["/states/sendPartial  State 'afterHangup' (switch) renamed to 'sendPartial'"]);
  });

  it('shows a flow added from nothing with every state added, and a deleted flow with every state removed', () => {
    const added = diffKindsMet(undefined, MAIN_MENU);
    const stateIds = Object.keys(MAIN_MENU.states);
    expect(added[0]).toMatchObject({ kind: 'flow-added', pointer: '', flowId: 'main-menu' });
    expect(added[0].sentence).toBe(`Flow 'main-menu' ("Contoso main line") added with 10 states, starting at 'answer'`);
    const repeat = <T>(item: T, times: number) => Array<T>(times).fill(item);
    const prompts = Object.keys(MAIN_MENU.prompts!).length;
    expect(added.map((change) => change.kind)).toEqual([
      'flow-added',
      'handler-changed',
      'setting-changed',
      ...repeat('prompt-added', prompts),
      ...repeat('state-added', stateIds.length),
    ]);
    expect(only(added, 'state-added').map((change) => change.stateId)).toEqual(stateIds);
    expect(only(added, 'state-added').find((change) => change.stateId === 'mainMenu')!.sentence).toBe(
      "State 'mainMenu' (menu) added; port 0 goes to 'holdForOperator', port 1 goes to 'sales', port 2 goes to 'support', port noInput goes to 'holdForOperator', port noMatch goes to 'holdForOperator'",
    );
    const removed = diffKindsMet(MAIN_MENU, undefined);
    expect(removed[0]).toMatchObject({ kind: 'flow-removed', pointer: '', sentence: `Flow 'main-menu' ("Contoso main line") removed with its 10 states` });
    expect(only(removed, 'state-removed').map((change) => change.stateId)).toEqual(stateIds);
    expect(removed.map((change) => change.kind)).toEqual([
      'flow-removed',
      'handler-changed',
      'setting-changed',
      ...repeat('prompt-removed', prompts),
      ...repeat('state-removed', stateIds.length),
    ]);
    expect(diffFlows(undefined, undefined)).toEqual([]);
  });

  it('is pure and deterministic: inputs untouched, the same answer twice, on every example flow', () => {
    for (const flow of EXAMPLES) {
      expect(diffFlows(flow, flow)).toEqual([]);
      const fromNothing = diffFlows(undefined, flow);
      expect(fromNothing).toEqual(diffFlows(undefined, flow));
      expect(only(fromNothing, 'state-added')).toHaveLength(Object.keys(flow.states).length);
    }
  });

  it('has met every kind of change', () => {
    const kinds: Record<FlowChangeKind, true> = {
      'flow-added': true,
      'flow-removed': true,
      'flow-property-changed': true,
      'start-changed': true,
      'handler-changed': true,
      'key-handler-changed': true,
      'setting-changed': true,
      'variable-added': true,
      'variable-removed': true,
      'variable-changed': true,
      'prompt-added': true,
      'prompt-removed': true,
      'prompt-words-changed': true,
      'prompt-file-changed': true,
      'prompt-speech-changed': true,
      'state-added': true,
      'state-removed': true,
      'state-renamed': true,
      'state-replaced': true,
      'option-changed': true,
      'port-rewired': true,
      'port-added': true,
      'port-removed': true,
    };
    expect([...diffKindsMet.seen].sort()).toEqual(Object.keys(kinds).sort());
  });
});

/** Every object's keys in reverse order, arrays kept: the same document written differently. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, reverseKeys(item)]),
  );
}
