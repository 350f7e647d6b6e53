/**
 * Static checks beyond the schema (design §3): unreachable states, dead ends, unconnected ports,
 * loops without a bound, unknown delays and subflows, prompt files, call blocks after the caller
 * hung up. `checkText` = validation + lint: what `callflow lint`, the editor and deploys run.
 */
import pointer from 'json-pointer';
import type { BlockRegistry } from './block.ts';
import type { FlowDocument, Problem } from './types.ts';
import { flowGraph, reachable, cycles, adjacency } from './graph.ts';
import { permissionsFor } from './permissions.ts';
import { unknownLegs } from './leg-names.ts';
import { shadowedFlowKeys } from './flow-keys.ts';
import { promptPathProblem } from './prompts.ts';
import { validateText, reporter, sortProblems, type Report, type ValidationResult } from './validate.ts';
import type { JsonSource } from './json-source.ts';

export interface LintOptions {
  /** Checks a prompt file (path relative to the flows folder); returns a problem sentence or null. */
  inspectPrompt?: (file: string) => string | null;
  /** Flow ids that exist, to check subflow references. */
  knownFlows?: string[];
  /** Graph application permissions the app has been granted; when given, blocks needing others are errors. */
  grantedPermissions?: string[];
  /** The configured synthesizer's voices, when known (at deploy): a prompt's `voice` must be one of them for its language. */
  voices?: Array<{ name: string; locale: string }>;
}

export interface CheckResult {
  flow?: FlowDocument;
  problems: Problem[];
  source: JsonSource;
}

/** Validation and, when the flow is well-formed, lint. */
export function checkText(blocks: BlockRegistry, text: string, file: string, options: LintOptions = {}): CheckResult {
  const validation: ValidationResult = validateText(blocks, text, file);
  if (!validation.flow) return validation;
  const problems = [...validation.problems];
  lintFlow(blocks, validation.flow, reporter(validation.source, problems), options);
  return { flow: validation.flow, source: validation.source, problems: sortProblems(problems) };
}

const at = (...parts: string[]) => pointer.compile(parts);
/** Blocks that make no Graph request: the only ones that make sense after the caller hung up. */
const OFFLINE_CATEGORIES = new Set(['logic', 'integration']);

export function lintFlow(blocks: BlockRegistry, flow: FlowDocument, report: Report, options: LintOptions = {}): void {
  const graph = flowGraph(blocks, flow);
  const ends = new Set(
    graph.states.filter((id) => {
      const block = blocks.get(flow.states[id].type);
      return block?.endsWhen ? block.endsWhen(flow.states[id]) : block?.ends;
    }),
  );

  for (const problem of unknownLegs(flow)) report(at(...problem.path), 'error', 'lint.unknown-leg', problem.message);
  for (const shadow of shadowedFlowKeys(flow)) report(at(...shadow.path), 'info', 'lint.flow-key-shadowed', shadow.message);

  const live = reachable(graph, graph.roots);
  // With a start that is not a state (already an error), every state would be "unreachable": noise.
  const startKnown = graph.states.includes(flow.start);
  for (const id of graph.states) {
    if (startKnown && !live.has(id))
      report(
        at('states', id),
        'warning',
        'lint.unreachable',
        `state '${id}' cannot be reached from '${flow.start}' or a flow-wide handler — connect a port to it or delete it`,
        true,
      );
  }

  for (const edge of graph.edges) {
    if (edge.to || edge.port === 'error') continue;
    const fallback = edge.fallback ? `calls leaving through it ${edge.fallback}` : 'a call leaving through it hangs up';
    report(
      at('states', edge.from),
      edge.required ? 'error' : edge.fallback ? 'info' : 'warning',
      'lint.unconnected-port',
      `port '${edge.port}' of state '${edge.from}' is not connected; ${fallback} — set "${edge.path.join('.')}" to a state`,
      true,
    );
  }

  // Dead ends: states from which no path reaches a state that ends the call. An unconnected port
  // (other than error, which only fires on failure) leaves the call, and a port to a missing state
  // is already an error: both count as ways out, so no dead end is piled on top of them.
  const known = new Set(graph.states);
  const exits = graph.edges.filter((edge) => edge.port !== 'error' && (!edge.to || !known.has(edge.to))).map((edge) => edge.from);
  const reverse = new Map<string, string[]>();
  for (const [from, targets] of adjacency(graph)) {
    for (const to of targets) {
      const list = reverse.get(to);
      if (list) list.push(from);
      else reverse.set(to, [from]);
    }
  }
  const canEnd = new Set<string>();
  const queue = [...ends, ...exits];
  while (queue.length) {
    const id = queue.pop()!;
    if (canEnd.has(id)) continue;
    canEnd.add(id);
    queue.push(...(reverse.get(id) ?? []));
  }
  for (const id of graph.states) {
    if (live.has(id) && !canEnd.has(id)) {
      report(
        at('states', id),
        'warning',
        'lint.dead-end',
        `no path from state '${id}' ever hangs up, transfers or ends the flow — the call would be held until the caller gives up`,
        true,
      );
    }
  }

  for (const component of cycles(graph)) {
    const members = component.map((id) => flow.states[id]);
    const loop = [...component, component[0]].join(' → ');
    if (members.every((state) => blocks.get(state.type)?.instant)) {
      report(
        at('states', component[0]),
        'error',
        'lint.instant-loop',
        `the loop ${loop} never waits for anything, so it spins forever in one step — put a block that waits (play, menu, gather, wait) in it or leave it with a switch`,
        true,
      );
    } else if (!members.some((state) => state.type === 'switch')) {
      report(
        at('states', component[0]),
        'warning',
        'lint.unbounded-loop',
        `the loop ${loop} has no condition that ends it; count passes with a 'set' and leave with a 'switch' (at run time the call stops after ${flow.settings?.maxVisitsPerState ?? 50} visits of one state)`,
        true,
      );
    }
  }

  if (flow.on?.hangup) {
    for (const id of reachable(graph, [flow.on.hangup])) {
      const block = blocks.get(flow.states[id].type);
      if (block && !OFFLINE_CATEGORIES.has(block.category) && block.type !== 'hangup') {
        report(
          at('states', id, 'type'),
          'warning',
          'lint.call-block-after-hangup',
          `state '${id}' (${block.type}) is reachable from the hangup handler, but the caller is gone by then — only logic and http blocks can run there`,
        );
      }
    }
  }

  const delays = Object.keys(flow.settings?.delays ?? {});
  for (const [id, state] of Object.entries(flow.states)) {
    if (typeof state.delay === 'string' && !delays.includes(state.delay)) {
      report(
        at('states', id, 'delay'),
        'error',
        'lint.unknown-delay',
        `delay '${state.delay}' is not defined — add it under settings.delays (seconds) or use "seconds"${delays.length ? `; defined: ${delays.join(', ')}` : ''}`,
      );
    }
    if (state.type === 'subflow' && options.knownFlows && typeof state.flow === 'string' && !options.knownFlows.includes(state.flow)) {
      report(at('states', id, 'flow'), 'error', 'lint.unknown-subflow', `subflow '${state.flow}' does not exist in the flows folder`);
    }
  }

  if (options.grantedPermissions) {
    for (const [permission, states] of permissionsFor(blocks, flow)) {
      if (options.grantedPermissions.includes(permission)) continue;
      for (const id of states) {
        report(
          at('states', id, 'type'),
          'error',
          'lint.permission',
          `a ${flow.states[id].type} state needs the Graph application permission ${permission}, which the configuration does not grant — grant it (callflow manifest prints the consent link) or remove the state`,
        );
      }
    }
  }

  const usedPrompts = new Set<string>();
  for (const state of Object.values(flow.states))
    JSON.stringify(
      state,
      (_key, value) => (typeof value === 'string' && flow.prompts && Object.hasOwn(flow.prompts, value) ? usedPrompts.add(value) : undefined, value),
    );
  lintPromptLanguages(flow, report, options.voices);
  for (const [key, variants] of Object.entries(flow.prompts ?? {})) {
    if (!usedPrompts.has(key)) report(at('prompts', key), 'info', 'lint.unused-prompt', `prompt '${key}' is not used by any state`, true);
    if (!options.inspectPrompt) continue;
    for (const [locale, variant] of Object.entries(variants)) {
      // A path out of the flows folder is refused by validation (ref.prompt-path) and never opened.
      if (variant.file === undefined || promptPathProblem(variant.file)) continue;
      const problem = options.inspectPrompt(variant.file);
      if (problem) report(at('prompts', key, locale, 'file'), 'error', 'lint.prompt-file', problem);
    }
  }
}

/**
 * Every prompt speaks every language the flow speaks (a caller who chose Spanish should not hear
 * one sentence in English), and a named voice exists for its language in the configured
 * synthesizer, when the voice list is known.
 */
function lintPromptLanguages(flow: FlowDocument, report: Report, voices: LintOptions['voices']): void {
  const prompts = Object.entries(flow.prompts ?? {});
  const locales = [...new Set(prompts.flatMap(([, variants]) => Object.keys(variants)))];
  const language = (locale: string) => locale.toLowerCase().split('-')[0];
  for (const [key, variants] of prompts) {
    const missing = locales.filter((locale) => !Object.hasOwn(variants, locale));
    if (missing.length)
      report(
        at('prompts', key),
        'warning',
        'lint.prompt-locale-missing',
        `prompt '${key}' has no ${missing.join(', ')} version, which other prompts of the flow have; callers in ${missing.length > 1 ? 'those languages' : 'that language'} hear ${flow.settings?.locale ?? Object.keys(variants)[0]} instead — add it`,
      );
    if (!voices) continue;
    for (const [locale, variant] of Object.entries(variants)) {
      if (variant.voice === undefined || variant.file !== undefined) continue;
      const offered = voices.filter((voice) => language(voice.locale) === language(locale));
      if (offered.some((voice) => voice.name === variant.voice)) continue;
      const names = offered.map((voice) => voice.name).slice(0, 8);
      report(
        at('prompts', key, locale, 'voice'),
        'error',
        'lint.prompt-voice',
        `the synthesizer has no voice '${variant.voice}' for ${locale}; ${names.length ? `choose one of ${names.join(', ')}${offered.length > names.length ? ', …' : ''}` : 'it offers no voice for that language'} or leave the voice out`,
      );
    }
  }
}
