/**
 * Validation: text → JSON → schema (ajv, all errors) → references (targets, prompts, variables,
 * expressions, time zones). Every problem carries file, pointer, line:column and a fix. A flow with
 * no error-severity problem can be compiled.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import pointer from 'json-pointer';
import type { BlockRegistry } from './block.ts';
import type { FlowDocument, Problem, Severity } from './types.ts';
import { buildFlowSchema } from './schema.ts';
import { describeSchemaErrors, closest } from './schema-messages.ts';
import { parseSource, type JsonSource } from './json-source.ts';
import { findByDefinition, findStrings } from './walk.ts';
import { compileExpression, referencedPaths, templateExpressions, ExpressionError, SCOPE_ROOTS, isTemplate } from './expressions.ts';
import { templateProblem } from './templates.ts';
import { promptPathProblem } from './prompts.ts';
import { ssmlProblem } from './ssml.ts';
import { isReservedName } from './variables.ts';

export interface ValidationResult {
  /** Set when the text is JSON that matches the schema (references may still be wrong). */
  flow?: FlowDocument;
  source: JsonSource;
  problems: Problem[];
}

const validators = new WeakMap<BlockRegistry, ValidateFunction>();

/** How the flow schema is compiled, here and into the code `npm run build` writes ahead of time. */
export const FLOW_AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, strictRequired: false } as const;

function schemaValidator(blocks: BlockRegistry): ValidateFunction {
  // ajv compiles the schema to code once per registry; strict mode catches typos in our own schema.
  let validator = validators.get(blocks);
  if (!validator) {
    validator = new Ajv2020(FLOW_AJV_OPTIONS).compile(buildFlowSchema(blocks));
    validators.set(blocks, validator);
  }
  return validator;
}

/**
 * Uses `validate`, the registry's schema compiled ahead of time with FLOW_AJV_OPTIONS, instead of
 * compiling it on first use: compiling takes ajv about a quarter of a second, most of what a
 * command such as `callflow validate` would otherwise spend. The caller vouches that it was
 * compiled from this registry's schema (engine/node/precompiled-flow-validator.ts checks a hash).
 */
export function usePrecompiledValidator(blocks: BlockRegistry, validate: ValidateFunction): void {
  validators.set(blocks, validate);
}

export function hasErrors(problems: Problem[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}

/** Validates flow text; `file` is only used in messages. */
export function validateText(blocks: BlockRegistry, text: string, file: string): ValidationResult {
  const source = parseSource(text, file);
  if (source.value === undefined) return { source, problems: source.problems };
  const problems = [...source.problems];
  const report = reporter(source, problems);
  const validate = schemaValidator(blocks);
  if (!validate(source.value)) {
    for (const found of describeSchemaErrors(validate.errors ?? [], source.value)) report(found.pointer, 'error', found.code, found.message, found.atKey);
    return { source, problems: sortProblems(problems) };
  }
  const flow = source.value as FlowDocument;
  checkReferences(blocks, flow, report);
  return { flow, source, problems: sortProblems(problems) };
}

export type Report = (at: string, severity: Severity, code: string, message: string, atKey?: boolean) => void;

export function reporter(source: JsonSource, problems: Problem[]): Report {
  return (at, severity, code, message, atKey = false) => {
    problems.push({ file: source.file, pointer: at, ...source.locate(at, atKey), severity, code, message });
  };
}

export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}

const at = (...parts: string[]) => pointer.compile(parts);

function checkReferences(blocks: BlockRegistry, flow: FlowDocument, report: Report): void {
  const stateIds = Object.keys(flow.states);
  const known = new Set(stateIds);
  const checkTarget = (where: string, target: unknown, what: string) => {
    if (typeof target !== 'string' || known.has(target)) return;
    const guess = closest(target, stateIds);
    report(where, 'error', 'ref.unknown-target', `${what} goes to '${target}', which is not a state of this flow${guess ? ` — did you mean '${guess}'?` : ''}`);
  };
  checkTarget('/start', flow.start, 'the flow start');
  for (const handler of ['hangup', 'error'] as const) checkTarget(at('on', handler), flow.on?.[handler], `the '${handler}' handler`);
  for (const [key, target] of Object.entries(flow.on?.key ?? {})) checkTarget(at('on', 'key', key), target, `the flow-wide key '${key}'`);
  checkTimeZone(flow.settings?.timeZone, at('settings', 'timeZone'), report);

  const promptKeys = Object.keys(flow.prompts ?? {});
  const variables = Object.keys(flow.variables ?? {});
  for (const name of variables.filter(isReservedName)) {
    report(
      at('variables', name),
      'error',
      'ref.reserved-variable',
      `'${name}' cannot be a variable name: every JavaScript object has a '${name}' of its own — rename it`,
      true,
    );
  }
  for (const [stateId, state] of Object.entries(flow.states)) {
    const block = blocks.get(state.type);
    if (!block) continue;
    const base = ['states', stateId];
    for (const port of block.outcomes(state)) {
      checkTarget(at(...base, ...port.path), valueAtPath(state, port.path), `port '${port.name}' of state '${stateId}'`);
    }
    for (const { path, value } of findByDefinition(state, block.properties, 'promptKey')) {
      if (typeof value === 'string' && !promptKeys.includes(value)) {
        const guess = closest(value, promptKeys);
        report(
          at(...base, ...path),
          'error',
          'ref.unknown-prompt',
          `prompt '${value}' is not declared in the flow's prompts${guess ? ` — did you mean '${guess}'?` : ' — add it under "prompts"'}`,
        );
      }
    }
    for (const { path, value, isKey } of findByDefinition(state, block.properties, 'variableName')) {
      if (typeof value === 'string' && !variables.includes(value)) {
        const guess = closest(value, variables);
        report(
          at(...base, ...path),
          'error',
          'ref.unknown-variable',
          `variable '${value}' is not declared${guess ? ` — did you mean '${guess}'?` : ' — add it under "variables"'}`,
          isKey,
        );
      }
    }
    for (const problem of block.check?.(state, flow) ?? []) report(at(...base, ...problem.path), 'error', problem.code, problem.message);
    for (const { path, value } of findByDefinition(state, block.properties, 'expression')) {
      if (typeof value === 'string') checkExpression(value, at(...base, ...path), variables, report, false);
    }
    for (const { path, value } of findStrings(state)) {
      const tooLong = isTemplate(String(value)) ? templateProblem(String(value)) : null;
      if (tooLong) report(at(...base, ...path), 'error', 'ref.template-too-long', tooLong);
      const secretsAllowed = block.secretTemplates?.includes(String(path[0])) ?? false;
      for (const expression of templateExpressions(String(value))) checkExpression(expression, at(...base, ...path), variables, report, secretsAllowed);
    }
    if (typeof state.timeZone === 'string') checkTimeZone(state.timeZone, at(...base, 'timeZone'), report);
  }

  for (const [key, variants] of Object.entries(flow.prompts ?? {})) {
    for (const [locale, variant] of Object.entries(variants)) {
      const badPath = variant.file !== undefined ? promptPathProblem(variant.file) : null;
      if (badPath) report(at('prompts', key, locale, 'file'), 'error', 'ref.prompt-path', badPath);
      if (variant.ssml !== undefined) {
        // Templates are checked below; their values are escaped when rendered, so a placeholder stands in.
        const ssml = ssmlProblem(variant.ssml.replace(/\{\{[\s\S]*?\}\}/g, 'x'));
        if (ssml) report(at('prompts', key, locale, 'ssml'), 'error', 'ref.prompt-ssml', `the SSML is not well formed: ${ssml}`);
        for (const expression of templateExpressions(variant.ssml)) checkExpression(expression, at('prompts', key, locale, 'ssml'), variables, report, false);
      }
      if (!isTemplate(variant.text)) continue;
      const where = at('prompts', key, locale, 'text');
      const tooLong = templateProblem(variant.text);
      if (tooLong) report(where, 'error', 'ref.template-too-long', tooLong);
      for (const expression of templateExpressions(variant.text)) checkExpression(expression, where, variables, report, false);
    }
  }
}

/** `{{secrets.NAME}}` alone: a placeholder the request executor fills when it sends (never evaluated in the flow). */
const SECRET_REFERENCE = /^secrets\.[A-Za-z][A-Za-z0-9_]{0,126}$/;
const SECRET_PLACEMENT =
  "secrets can be used only as {{secrets.NAME}} in an http state's url, headers or body (the value is filled in when the request is sent and never enters the flow), not in expressions, prompts or other options";

function readsSecrets(source: string): boolean {
  try {
    return referencedPaths(source).some((path) => path.split('.')[0] === 'secrets');
  } catch {
    return false;
  }
}

function checkExpression(source: string, where: string, variables: string[], report: Report, secretsAllowed: boolean): void {
  try {
    compileExpression(source);
  } catch (error) {
    if (error instanceof ExpressionError) report(where, 'error', `ref.${error.code}`, `${error.message} in \`${source}\``);
    else report(where, 'error', 'ref.invalid-expression', String(error));
    return;
  }
  if (readsSecrets(source)) {
    if (!secretsAllowed || !SECRET_REFERENCE.test(source)) report(where, 'error', 'ref.secret-placement', `\`${source}\`: ${SECRET_PLACEMENT}`);
    return;
  }
  for (const path of referencedPaths(source)) {
    const [root, name] = path.split('.');
    if (!(SCOPE_ROOTS as readonly string[]).includes(root)) {
      report(where, 'error', 'ref.unknown-name', `\`${source}\` reads '${root}', which does not exist; expressions see ${SCOPE_ROOTS.join(', ')}`);
    } else if (root === 'vars' && name && !variables.includes(name)) {
      const guess = closest(name, variables);
      report(
        where,
        'error',
        'ref.unknown-variable',
        `\`${source}\` reads vars.${name}, which is not declared${guess ? ` — did you mean vars.${guess}?` : ' — add it under "variables"'}`,
      );
    }
  }
}

function checkTimeZone(zone: unknown, where: string, report: Report): void {
  if (typeof zone !== 'string') return;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    report(where, 'error', 'ref.time-zone', `'${zone}' is not an IANA time zone — use a name such as Europe/Paris or America/New_York`);
  }
}

export function valueAtPath(value: unknown, path: string[]): unknown {
  let node = value;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
