/**
 * The helpers a block's `compile` uses to build its XState state: transitions through named ports,
 * effects as data, operation correlation. Kept apart from compile.ts so blocks see one small API.
 */
import { assign } from 'xstate';
import type { BlockCompileContext, StateNodeConfig } from './block.ts';
import type { FlowContext } from './flow-context.ts';
import type { FlowDocument, Json } from './types.ts';
import { isTemplate, renderDeep, renderEscaped, type ExpressionScope } from './expressions.ts';
import { callLocale, resolvePrompt, type ResolvedPrompt } from './prompts.ts';
import { sayingIn } from './say-as.ts';
import { escapeXml } from './ssml.ts';

export const MACHINE_ID = 'flow';
/** Built-in final states; `$` cannot start a flow's state id, so they never collide. */
export const HANGUP_STATE = '$hangup';
export const END_STATE = '$end';
export const BOOT_STATE = '$boot';

export function scopeOf(context: FlowContext): ExpressionScope {
  return { vars: context.vars, call: context.call, caller: context.caller, lastResult: context.lastResult, legs: context.legs ?? {} };
}

/**
 * Operation id sent as Graph `clientContext`: the state's path, which entry of it this is and the
 * attempt inside it, so a late completion of an earlier prompt never passes for the current one.
 */
export function operationId(statePath: string, context: FlowContext): string {
  return `${statePath}#${context.visits[statePath] ?? 0}.${context.attempt}`;
}

export interface ContextOptions {
  flow: FlowDocument;
  stateId: string;
  /** Machine path prefix of the flow's states: `flow` at top level, `flow.<sub>` inside a subflow. */
  prefix: string;
  /** Path of this flow's states inside `visits` keys: '' at top level, '<sub>.' inside a subflow. */
  pathPrefix: string;
  /** Where unconnected errors go (`#flow.<on.error>` or the built-in hang-up). */
  errorTarget: string;
  /** The top-level flow's error handler state id, for traces and coverage. */
  errorState?: string;
  compileSubflow: BlockCompileContext['compileSubflow'];
}

export function createCompileContext(options: ContextOptions): BlockCompileContext {
  const { flow, stateId, prefix } = options;
  const statePath = `${options.pathPrefix}${stateId}`;
  const ref = (target: string) => `#${prefix}.${target}`;
  const portTrace = (port: string, target: string | undefined) => ({
    type: 'cf.port',
    params: { state: statePath, port, target: target ?? null },
  });

  const context: BlockCompileContext = {
    flow,
    stateId,
    statePath,
    ref,
    go(port, target, extra = {}) {
      return {
        target: target ? ref(target) : `#${MACHINE_ID}.${HANGUP_STATE}`,
        ...(extra.guard ? { guard: extra.guard } : {}),
        actions: [portTrace(port, target), ...(extra.actions ?? [])],
      };
    },
    fail(port = 'error', extra = {}) {
      const target = flow.states[stateId]?.[port];
      if (typeof target === 'string') return context.go(port, target, extra);
      return {
        target: options.errorTarget,
        ...(extra.guard ? { guard: extra.guard } : {}),
        actions: [{ type: 'cf.port', params: { state: statePath, port, target: options.errorState ?? null } }, ...(extra.actions ?? [])],
      };
    },
    effect(type, params = {}) {
      return {
        type,
        params: ({ context: ctx }: { context: FlowContext }) => ({
          ...(renderDeep(params, scopeOf(ctx)) as Record<string, Json>),
          clientContext: operationId(statePath, ctx),
        }),
      };
    },
    playPrompts(keys, extra = {}) {
      return context.promptEffect('graph.playPrompt', keys, extra);
    },
    promptEffect(type, keys, extra = {}) {
      return {
        type,
        params: ({ context: ctx }: { context: FlowContext }) => {
          const locale = callLocale(flow, ctx.vars);
          const scope = scopeOf(ctx);
          const chosen = typeof keys === 'function' ? keys(ctx) : keys;
          return {
            ...(renderDeep(extra, scope) as Record<string, Json>),
            prompts: chosen.map((key) => renderPrompt(resolvePrompt(flow, key, locale), scope, flow.settings?.timeZone)),
            clientContext: operationId(statePath, ctx),
          };
        },
      };
    },
    isMine() {
      return ({ context: ctx, event }: { context: FlowContext; event: { clientContext?: unknown } }) => event.clientContext === operationId(statePath, ctx);
    },
    setResult(pick) {
      return assign({
        lastResult: ({ event, context: ctx }: { event: unknown; context: FlowContext }) => pick(event as Record<string, unknown>, ctx),
      });
    },
    compileSubflow: options.compileSubflow,
  };
  return context;
}

/**
 * A prompt's templates rendered for the call, with the say-as helpers speaking its locale: the
 * text as text, the SSML with every value escaped (a caller's name cannot add a <break> or end
 * the <speak>).
 */
function renderPrompt(prompt: ResolvedPrompt, scope: ExpressionScope, timeZone: string | undefined): Json {
  return sayingIn({ locale: prompt.locale, ...(timeZone ? { timeZone } : {}) }, () => {
    const text = isTemplate(prompt.text) ? renderDeep(prompt.text, scope) : prompt.text;
    return {
      ...prompt,
      text: typeof text === 'string' ? text : JSON.stringify(text),
      ...(prompt.ssml !== undefined && isTemplate(prompt.ssml) ? { ssml: renderEscaped(prompt.ssml, scope, escapeXml) } : {}),
    } as Json;
  });
}

/** Prepends the visit counter so every entry of a state gets a fresh operation id. */
export function withVisit(statePath: string, node: StateNodeConfig): StateNodeConfig {
  const visit = assign({
    visits: ({ context }: { context: FlowContext }) => ({ ...context.visits, [statePath]: (context.visits[statePath] ?? 0) + 1 }),
    attempt: 0,
    retry: '',
  });
  const entry = node.entry === undefined ? [] : Array.isArray(node.entry) ? node.entry : [node.entry];
  return { ...node, entry: [visit, ...entry] };
}
