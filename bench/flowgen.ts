/**
 * Deterministic generator of realistic IVR flows of a given size for the benchmarks: an answer, a
 * welcome prompt and a main menu, then chains of play / set / switch / menu / transfer / hangup
 * states, menus and switches branching, sub-menus offering "back to the main menu", every branch
 * ending in a transfer, a goodbye or a hang-up. Every required port is connected and every state is
 * reachable, so the flow validates and lints without error-severity problems.
 *
 * The hub states at the top form the loop the stepping benchmark drives:
 *   main (menu) --1--> loopCount (set) --> loopCheck (switch) --> loopInfo (play) --> main
 */
import type { FlowDocument, StateConfig } from '../engine/core/types.ts';

/** Small seeded PRNG (mulberry32): the same size and seed always give the same flow. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROMPT_TEXTS: Record<string, string> = {
  welcome: 'Welcome to Contoso.',
  main: 'For opening hours press 1, for sales press 2, for support press 3, for billing press 4.',
  info: 'You have listened to this {{vars.loops}} times.',
  hours: 'We are open Monday to Friday, nine to five.',
  sales: 'Our sales team can help you choose a plan.',
  support: 'For technical support, please have your account number ready.',
  billing: 'For billing questions press 1, to pay an invoice press 2.',
  sorry: 'Sorry, I did not get that.',
  noinput: 'I did not hear anything.',
  goodbye: 'Thank you for calling. Goodbye.',
  hold: 'Please hold while we connect you.',
  transferring: 'Transferring you now.',
  confirm: 'To confirm press 1, to go back press 2.',
  closed: 'We are closed at the moment.',
  vip: 'As a {{vars.tier}} customer you get priority service.',
  survey: 'Please stay on the line for a short survey.',
  options: 'Please choose from the following options.',
  repeat: 'To hear these options again press star.',
};
const PROMPT_KEYS = Object.keys(PROMPT_TEXTS).filter((key) => !['welcome', 'main', 'info', 'sorry', 'noinput', 'goodbye'].includes(key));

const SET_VALUES: Array<[string, string]> = [
  ['attempts', 'vars.attempts + 1'],
  ['department', "'sales'"],
  ['department', "'support'"],
  ['tier', "vars.vip ? 'gold' : 'standard'"],
  ['vip', 'vars.attempts > 2 || vars.tier == "gold"'],
  ['score', 'vars.score + 10'],
  ['lastMenu', "'billing'"],
];
const CONDITIONS = [
  "vars.tier == 'gold'",
  'vars.attempts > 2',
  'vars.vip',
  "vars.department == 'sales'",
  'vars.score >= 50',
  "vars.lastMenu == 'billing' && vars.attempts < 5",
  'size(vars.department) == 0',
];
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '0', '*', '#'];
const TRANSFER_TARGETS = [
  { phone: '+14255550100' },
  { phone: '+33140506070', displayName: 'Paris office' },
  { user: '8a6f3c1e-4f7b-4b8e-9a1d-2c3e4f5a6b7c', displayName: 'Reception' },
  { application: '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0' },
];

/** Number of fixed hub states the generator always creates. */
export const HUB_STATES = 9;

export function generateFlow(size: number, seed = 42): FlowDocument {
  if (size < HUB_STATES + 1) throw new Error(`a generated flow has at least ${HUB_STATES + 1} states`);
  const random = rng(seed + size);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const states: Record<string, StateConfig> = {
    answer: { type: 'answer', next: 'welcome' },
    welcome: { type: 'play', prompts: ['welcome'], next: 'main' },
    main: {
      type: 'menu',
      prompts: ['main'],
      choices: { '1': 'loopCount' },
      timeoutSeconds: 5,
      maxAttempts: 3,
      noInputPrompts: ['noinput'],
      noMatchPrompts: ['sorry'],
      noInput: 'goodbye',
      noMatch: 'goodbye',
    },
    loopCount: { type: 'set', values: { loops: 'vars.loops + 1' }, next: 'loopCheck' },
    loopCheck: { type: 'switch', cases: [{ name: 'enough', when: 'vars.loops > 40', next: 'goodbye' }], default: 'loopInfo' },
    loopInfo: { type: 'play', prompts: ['info'], next: 'main' },
    goodbye: { type: 'play', prompts: ['goodbye'], next: 'bye' },
    bye: { type: 'hangup' },
    failed: { type: 'play', prompts: ['sorry'], next: 'bye', description: 'Flow-wide error handler.' },
  };
  const menus = ['main'];
  // Open ports waiting for a target: a setter and how deep the owning state is.
  const open: Array<{ connect: (target: string) => void; depth: number }> = [];
  const mainChoices = (states.main as unknown as { choices: Record<string, string> }).choices;
  for (const key of ['2', '3', '4']) open.push({ connect: (t) => (mainChoices[key] = t), depth: 1 });

  let count = Object.keys(states).length;
  const choose = (pressure: number): string => {
    // pressure > 1: more open ports than states left, so close branches; < small: keep branching.
    if (open.length < 3) return pick(['menu', 'menu', 'switch', 'play', 'set']);
    if (pressure > 1) return pick(['hangup', 'transfer', 'transfer', 'play', 'set']);
    const r = random();
    if (r < 0.3) return 'play';
    if (r < 0.44) return 'menu';
    if (r < 0.58) return 'set';
    if (r < 0.7) return 'switch';
    if (r < 0.84) return 'transfer';
    return pressure > 0.3 ? 'hangup' : 'play';
  };

  while (count < size && open.length) {
    // Mostly breadth first, sometimes depth first, so chains and bushes both appear.
    const slot = random() < 0.8 ? open.shift()! : open.pop()!;
    const type = choose(open.length / Math.max(1, size - count));
    const id = `${type}${String(count).padStart(4, '0')}`;
    const depth = slot.depth + 1;
    const later = (connect: (target: string) => void) => open.push({ connect, depth });
    let state: StateConfig;
    switch (type) {
      case 'play': {
        const prompts = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(PROMPT_KEYS));
        state = { type, prompts, next: '' };
        if (random() < 0.2) state.bargeIn = true;
        if (random() < 0.15) state.error = 'failed';
        later((t) => (state.next = t));
        break;
      }
      case 'menu': {
        const keys = [...KEYS].sort(() => random() - 0.5).slice(0, 2 + Math.floor(random() * 3));
        const choices: Record<string, string> = {};
        state = {
          type,
          prompts: random() < 0.5 ? ['options', pick(PROMPT_KEYS)] : [pick(PROMPT_KEYS)],
          choices,
          timeoutSeconds: 3 + Math.floor(random() * 6),
          maxAttempts: 2 + Math.floor(random() * 2),
          noInputPrompts: ['noinput'],
          noMatchPrompts: ['sorry', 'repeat'],
          noInput: 'goodbye',
          noMatch: 'goodbye',
        };
        for (const key of keys) later((t) => (choices[key] = t));
        if (random() < 0.5) choices['9'] = 'main'; // back to the main menu
        if (random() < 0.25) later((t) => (state.noInput = t));
        menus.push(id);
        break;
      }
      case 'set': {
        const values: Record<string, string> = {};
        for (let i = 1 + Math.floor(random() * 2); i > 0; i--) {
          const [name, expression] = pick(SET_VALUES);
          values[name] = expression;
        }
        state = { type, values, next: '' };
        later((t) => (state.next = t));
        break;
      }
      case 'switch': {
        const cases = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, index) => ({
          ...(random() < 0.5 ? { name: `branch${index + 1}` } : {}),
          when: pick(CONDITIONS),
          next: '',
        }));
        state = { type, cases, default: '' };
        for (const item of cases) later((t) => (item.next = t));
        later((t) => (state.default = t));
        break;
      }
      case 'transfer': {
        state = { type, to: pick(TRANSFER_TARGETS), failed: 'goodbye' };
        if (random() < 0.5) later((t) => (state.failed = t));
        if (random() < 0.3) state.error = 'failed';
        break;
      }
      default:
        state = { type: 'hangup' };
    }
    if (random() < 0.1) state.description = `Generated ${type} at depth ${depth}.`;
    states[id] = state;
    slot.connect(id);
    count++;
  }
  // Ports still open when the budget is spent go back to a menu (never only through set/switch,
  // so no instant loop) or to the goodbye.
  for (const slot of open) slot.connect(random() < 0.5 ? pick(menus) : 'goodbye');
  if (count !== size) throw new Error(`generated ${count} states instead of ${size}`);

  return {
    $schema: '../schemas/flow.schema.json',
    id: `bench-${size}`,
    version: 1,
    name: `Benchmark flow with ${size} states`,
    description: 'Generated by bench/flowgen.ts.',
    start: 'answer',
    variables: {
      loops: { type: 'integer', default: 0, description: 'Passes through the info loop.' },
      attempts: { type: 'integer', default: 0 },
      score: { type: 'integer', default: 0 },
      tier: { type: 'string', default: 'standard' },
      department: { type: 'string', default: '' },
      lastMenu: { type: 'string', default: '' },
      vip: { type: 'boolean', default: false },
    },
    prompts: Object.fromEntries(
      Object.entries(PROMPT_TEXTS).map(([key, text]) => [
        key,
        {
          'en-US': { file: `prompts/en-US/${key}.wav`, text },
          'fr-FR': { file: `prompts/fr-FR/${key}.wav`, text: `[fr] ${text}` },
        },
      ]),
    ),
    settings: { locale: 'en-US', timeZone: 'Europe/Paris' },
    on: { error: 'failed' },
    states,
  };
}

/** Count of states per block type, for the report. */
export function typeMix(flow: FlowDocument): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const state of Object.values(flow.states)) mix[state.type] = (mix[state.type] ?? 0) + 1;
  return mix;
}
