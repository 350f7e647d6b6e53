/**
 * The two cel-js environments. Authors' expressions are parsed by `authoring`, whose limits are
 * the ones documented (400 nodes, depth 24, …). What runs is the metered copy
 * (expression-metering.ts), parsed by `metered`, which knows the `cf_` helpers that count
 * comprehension steps, size values, cap strings and match with RE2; its parse limits are looser
 * only because the copy has the helpers' extra nodes.
 */
import { Environment } from '@marcbachmann/cel-js';
import { Budget, BudgetError, checkStringInput } from './expression-limits.ts';
import { matchesLinear } from './expression-regex.ts';
import { SAY_AS_FUNCTIONS } from './say-as.ts';

const OPTIONS = { unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false };
const LIMITS = { maxAstNodes: 400, maxDepth: 24, maxListElements: 200, maxMapEntries: 200, maxCallArguments: 8 };

/** The variables every expression sees and the say-as helpers of prompt templates (say-as.ts). */
function withVariables(environment: Environment): Environment {
  let out = environment
    .registerVariable('vars', 'map')
    .registerVariable('call', 'map')
    .registerVariable('caller', 'map')
    .registerVariable('lastResult', 'dyn')
    .registerVariable('legs', 'map');
  for (const [signature, implementation] of SAY_AS_FUNCTIONS) out = out.registerFunction(signature, implementation as (...args: unknown[]) => string);
  return out;
}

export const authoring = withVariables(new Environment({ ...OPTIONS, limits: LIMITS }));

let current: Budget | undefined;
const budget = (): Budget => {
  if (!current) throw new BudgetError('a metered expression ran outside an evaluation');
  return current;
};

export const metered = withVariables(new Environment({ ...OPTIONS, limits: { ...LIMITS, maxAstNodes: 4000, maxDepth: 200, maxCallArguments: 9 } }))
  .registerFunction('cf_iter(list<T>): list<T>', (list: unknown) => (budget().enter(), list))
  .registerFunction('cf_iter(map<K, V>): map<K, V>', (map: unknown) => (budget().enter(), map))
  .registerFunction('cf_step(T): T', (value: unknown) => (budget().step(value), value))
  .registerFunction('cf_value(T): T', (value: unknown) => (budget().charge(value, 'a value'), value))
  .registerFunction('cf_str(dyn, string): dyn', (value: unknown, fn: string) => (checkStringInput(value, fn), value))
  .registerFunction('string.cf_matches(string): bool', (text: string, pattern: string) => matchesLinear(text, pattern));

/**
 * Runs `evaluation` with a fresh budget, or inside the current one: the expressions of one
 * rendering (every `{{…}}` of an effect's parameters) share a budget, so a long template cannot
 * multiply it. Evaluation is synchronous, so budgets never interleave.
 */
export function metering<T>(evaluation: () => T): T {
  if (current) return evaluation();
  current = new Budget();
  try {
    return evaluation();
  } finally {
    current = undefined;
  }
}

/** cel-js messages name the helpers; say what the author wrote instead. */
export function authorsTerms(message: string): string {
  return message
    .replace(/found no matching overload for 'cf_iter\(([^)]*)\)'/, "a value of type '$1' cannot be iterated (a comprehension needs a list or a map)")
    .replace(/cf_matches/g, 'matches');
}
