/**
 * Builds the flow JSON Schema (2020-12) from the block registry. The generated file
 * `schemas/flow.schema.json` is committed and a test fails when it is stale; ajv (engine) and
 * monaco (editor) both read it, so it is the one statement of what a flow may contain.
 */
import type { BlockDefinition, BlockRegistry, JsonSchema } from './block.ts';
import { MAX_PROMPT_SSML, MAX_PROMPT_TEXT } from './prompts.ts';
import { GROUP_CALL_MAX_TARGETS, GROUP_CALL_MIN_TARGETS } from '../protocol/group-call-targets.ts';

export const STATE_ID_PATTERN = '^[A-Za-z][A-Za-z0-9_-]{0,63}$';
export const FLOW_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';
export const SCHEMA_ID = 'https://callflow.dev/schemas/flow.schema.json';
const TEMPLATED = '\\{\\{.+\\}\\}';

export const definitions: Record<string, JsonSchema> = {
  target: { type: 'string', pattern: STATE_ID_PATTERN, description: 'The id of a state of this flow.' },
  promptKey: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,63}$', description: "A key of the flow's `prompts`." },
  variableName: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$', description: "A variable declared in the flow's `variables`." },
  expression: { type: 'string', minLength: 1, maxLength: 2000, description: 'A CEL expression over vars, call, caller, lastResult and legs.' },
  template: { type: 'string', maxLength: 8000, description: "Text where {{expression}} is replaced by the expression's value." },
  phone: {
    type: 'string',
    pattern: `^(\\+[1-9][0-9]{6,14}|${TEMPLATED})$`,
    description: 'A phone number in E.164 form (+ and 7–15 digits) or a {{template}}.',
  },
  participant: {
    type: 'object',
    description:
      'A Teams user (object id), a phone number (E.164), an application (app id) or an application instance (the object id of a resource account, e.g. of a Teams call queue or auto attendant), with an optional display name.',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      user: { type: 'string', minLength: 1, description: 'Azure AD object id of a Teams user, or a {{template}}.' },
      phone: { $ref: '#/$defs/phone' },
      application: { type: 'string', minLength: 1, description: 'App id of a bot, or a {{template}}.' },
      applicationInstance: {
        type: 'string',
        minLength: 1,
        description: 'Object id of a resource account (application instance), such as the one of a Teams call queue or auto attendant, or a {{template}}.',
      },
      displayName: { type: 'string', maxLength: 256, description: 'Name shown to the other party.' },
    },
    oneOf: [{ required: ['user'] }, { required: ['phone'] }, { required: ['application'] }, { required: ['applicationInstance'] }],
  },
  // Items are any participant, not only users: a phone number in a group is the dial block's lint
  // error (lint.group-target), which can say what to do instead of a bare schema mismatch.
  groupTargets: {
    type: 'array',
    description: `Several Teams users rung at once in one group call (${GROUP_CALL_MIN_TARGETS}–${GROUP_CALL_MAX_TARGETS}).`,
    minItems: GROUP_CALL_MIN_TARGETS,
    maxItems: GROUP_CALL_MAX_TARGETS,
    items: { $ref: '#/$defs/participant' },
  },
};

function blockSchema(block: BlockDefinition): JsonSchema {
  return {
    type: 'object',
    title: block.title,
    description: block.description,
    properties: {
      type: { const: block.type, description: block.description },
      description: { type: 'string', maxLength: 1000, description: 'A note for people reading the flow; no effect on the call.' },
      ...block.properties,
    },
    required: ['type', ...(block.required ?? [])],
    additionalProperties: false,
    ...(block.rules ?? {}),
  };
}

const schemas = new WeakMap<BlockRegistry, JsonSchema>();

/** The flow schema for the blocks of `registry` (built once per registry). */
export function buildFlowSchema(registry: BlockRegistry): JsonSchema {
  const cached = schemas.get(registry);
  if (cached) return cached;
  const blocks = registry.all;
  const blockDefs: Record<string, JsonSchema> = {};
  for (const block of blocks) blockDefs[`block.${block.type}`] = blockSchema(block);
  const types = blocks.map((block) => block.type);
  const schema: JsonSchema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'callflow flow',
    description: 'A call flow: a state machine whose states are typed blocks. Generated from engine/blocks; do not edit by hand (npm run schema).',
    type: 'object',
    additionalProperties: false,
    required: ['id', 'version', 'name', 'start', 'states'],
    properties: {
      $schema: { type: 'string', description: 'Path of this schema, for editors.' },
      id: { type: 'string', pattern: FLOW_ID_PATTERN, description: 'Flow id: lowercase letters, digits and dashes; the file is flows/<id>.flow.json.' },
      version: { const: 1, description: 'Version of the flow language; 1.' },
      name: { type: 'string', minLength: 1, maxLength: 200, description: 'Human name of the flow.' },
      description: { type: 'string', maxLength: 4000, description: 'What the flow is for.' },
      start: { $ref: '#/$defs/target', description: 'The state the call starts in.' },
      variables: {
        type: 'object',
        description: 'Variables of a call, with types and defaults. Expressions read them as vars.<name>.',
        propertyNames: { $ref: '#/$defs/variableName' },
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          required: ['type'],
          properties: {
            type: { enum: ['string', 'number', 'integer', 'boolean', 'object', 'array'], description: 'JSON type of the value.' },
            default: { description: 'Value at the start of a call (null when omitted).' },
            description: { type: 'string', description: 'What the variable holds.' },
          },
        },
      },
      prompts: {
        type: 'object',
        description:
          'Prompt key → locale → the words, synthesized when no recording is given, or a recorded WAV file (16 kHz, 16-bit, mono PCM), which wins when present.',
        propertyNames: { $ref: '#/$defs/promptKey' },
        additionalProperties: {
          type: 'object',
          minProperties: 1,
          propertyNames: { pattern: '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2}|-[0-9]{3})?$', description: 'A locale such as en-US.' },
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            required: ['text'],
            properties: {
              file: {
                type: 'string',
                pattern: '^prompts/[A-Za-z0-9_./-]+\\.wav$',
                description: 'WAV file under flows/prompts/, e.g. prompts/en-US/welcome.wav: a recording played instead of speaking the text.',
              },
              text: {
                type: 'string',
                minLength: 1,
                maxLength: MAX_PROMPT_TEXT,
                description:
                  'What the caller hears, spoken by the configured synthesizer, or the words of the recording. A {{ }} placeholder puts in a value, e.g. {{ sayDate(vars.appointmentTime) }}.',
              },
              ssml: {
                type: 'string',
                minLength: 1,
                maxLength: MAX_PROMPT_SSML,
                description: 'SSML to speak instead of the text (one <speak> document); what a {{ }} placeholder puts in is escaped.',
              },
              voice: { type: 'string', minLength: 1, maxLength: 100, description: "The synthesizer's voice for this locale (its default voice when omitted)." },
            },
          },
        },
      },
      settings: {
        type: 'object',
        additionalProperties: false,
        description: 'Flow-wide settings.',
        properties: {
          locale: { type: 'string', description: 'Default prompt locale, e.g. en-US.' },
          timeZone: { type: 'string', description: 'IANA time zone for schedules, e.g. Europe/Paris.' },
          maxSteps: { type: 'integer', minimum: 10, maximum: 10000, default: 1000, description: 'Events one call may take before the error handler runs.' },
          maxVisitsPerState: {
            type: 'integer',
            minimum: 2,
            maximum: 1000,
            default: 50,
            description: 'Entries of one state per call before the error handler runs (stops runaway loops).',
          },
          delays: {
            type: 'object',
            description: 'Named delays in seconds, usable by name wherever a block takes a delay (e.g. wait).',
            propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_-]{0,31}$' },
            additionalProperties: { type: 'number', minimum: 0, maximum: 86400, description: 'In seconds.' },
          },
        },
      },
      on: {
        type: 'object',
        additionalProperties: false,
        description: 'Flow-wide handlers.',
        properties: {
          hangup: {
            $ref: '#/$defs/target',
            description: 'State entered when the caller hangs up (only non-call blocks make sense there). Default: the flow ends.',
          },
          error: {
            $ref: '#/$defs/target',
            description: 'State entered when a block fails without an error port, or the flow breaks a limit. Default: hang up.',
          },
          key: {
            type: 'object',
            description:
              'Flow-wide keys: key → state entered when the caller presses that key in any state once the call is up ("press 0 at any time for the operator"), any prompt playing is stopped. A state\'s own keys come first: a menu\'s choices, and every key in gather, record, a playLoop with `pressed`, and while a transfer or invitation is under way.',
            propertyNames: { pattern: '^[0-9*#]$', description: 'A key: 0–9, * or #.' },
            minProperties: 1,
            additionalProperties: { $ref: '#/$defs/target' },
          },
        },
      },
      states: {
        type: 'object',
        description: 'State id → state.',
        minProperties: 1,
        maxProperties: 10000,
        propertyNames: { $ref: '#/$defs/target' },
        additionalProperties: { $ref: '#/$defs/state' },
      },
    },
    $defs: {
      ...definitions,
      state: {
        type: 'object',
        description: 'A state: a block type and its options.',
        required: ['type'],
        properties: { type: { enum: types, description: 'The block type.' } },
        allOf: blocks.map((block) => ({
          if: { properties: { type: { const: block.type } }, required: ['type'] },
          then: { $ref: `#/$defs/block.${block.type}` },
        })),
      },
      ...blockDefs,
    },
  };
  schemas.set(registry, schema);
  return schema;
}

/** The schema file's text, canonical (2-space indent, trailing newline). */
export function flowSchemaText(registry: BlockRegistry): string {
  return `${JSON.stringify(buildFlowSchema(registry), null, 2)}\n`;
}
