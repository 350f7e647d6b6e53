/**
 * Every effect a block can emit can be carried out everywhere: catalogued, built into a Graph
 * request the emulator routes, handles and accepts, mapped back from Graph's notification when it
 * settles that way, and answered by the simulator. The fixtures show that each missing piece fails
 * the check, so a new block effect cannot land half-wired.
 */
import { describe, expect, it } from 'vitest';
import { blockRegistry, type BlockDefinition } from '../engine/core/block.ts';
import { EFFECTS, type BlockEffectName, type CallEffectName, type EffectOf, type EffectSpec } from '../engine/core/effects.ts';
import type { Effect } from '../engine/core/types.ts';
import { simulatorReactsTo } from '../engine/core/sim/world.ts';
import { builtInBlocks } from '../engine/blocks/registry.ts';
import { OPERATION_TYPES } from '../engine/graph/notifications/translator.ts';
import { GRAPH_REQUESTS } from '../engine/graph/requests/index.ts';
import { callPath, type BuildContext, type GraphRequestSpec } from '../engine/graph/requests/types.ts';
import { handlesAction } from '../engine/emulator/graph/router.ts';
import { parseRoute } from '../engine/emulator/graph/routes.ts';
import { BODY_SCHEMAS } from '../engine/emulator/graph/schemas.ts';
import { validateBody } from '../engine/emulator/graph/validation.ts';
import { conformanceProblems, emittedEffects, type ConformanceParts } from './support/effect-conformance.ts';

const prompt = { key: 'welcome', locale: 'en-US', file: 'prompts/en-US/welcome.wav', text: 'Welcome.' };
const phone = { phone: '+14255550100' };

/** A valid effect of every type a calling backend performs. */
const EXAMPLES: { [K in CallEffectName]: EffectOf<K> } = {
  'graph.answer': { type: 'graph.answer' },
  'graph.reject': { type: 'graph.reject', reason: 'busy' },
  'graph.redirect': { type: 'graph.redirect', targets: [phone], timeout: 30 },
  'graph.transfer': { type: 'graph.transfer', to: { user: '8e1f2f6b-5f4e-4b5a-9f57-3c1c6a1f7c11', displayName: 'Sales' } },
  'graph.hangup': { type: 'graph.hangup' },
  'graph.consultCall': { type: 'graph.consultCall', to: { applicationInstance: '2b7e5d3c-9a41-4f6e-8c0d-1e3f5a7b9c2d' } },
  'graph.endConsult': { type: 'graph.endConsult' },
  'graph.createCall': { type: 'graph.createCall', to: { user: '8e1f2f6b-5f4e-4b5a-9f57-3c1c6a1f7c11' } },
  'graph.joinMeeting': {
    type: 'graph.joinMeeting',
    joinUrl:
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_MjAxOTJmNDItZDlmYi00ZWJjLWE2YjMtYTlkZjBlNTljZjJj%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22550fae72-d251-43ec-868c-373732c2704f%22%7d',
  },
  'graph.playPrompt': { type: 'graph.playPrompt', prompts: [prompt], clientContext: 'play#1.0' },
  'graph.recordResponse': { type: 'graph.recordResponse', prompts: [prompt], clientContext: 'record#1.0' },
  'graph.cancelMediaProcessing': { type: 'graph.cancelMediaProcessing', clientContext: 'menu#1.0' },
  'graph.subscribeToTone': { type: 'graph.subscribeToTone', clientContext: 'answer#1.0' },
  'graph.sendDtmfTones': { type: 'graph.sendDtmfTones', tones: ['tone1', 'pound'], clientContext: 'keys#1.0' },
  'graph.invite': { type: 'graph.invite', participants: [phone], clientContext: 'invite#1.0' },
  'graph.mute': { type: 'graph.mute', clientContext: 'mute#1.0' },
  'graph.unmute': { type: 'graph.unmute', clientContext: 'unmute#1.0' },
  'graph.muteParticipant': { type: 'graph.muteParticipant', participantId: '2765eb15-01f8-47c6-b12b-c32111a4a86f', clientContext: 'mute#1.0' },
  'graph.removeParticipant': { type: 'graph.removeParticipant', participantId: '2765eb15-01f8-47c6-b12b-c32111a4a86f', clientContext: 'remove#1.0' },
  'graph.keepAlive': { type: 'graph.keepAlive' },
  'graph.getOperation': { type: 'graph.getOperation', operationId: 'op-1', operationKind: 'playPrompt', clientContext: 'play#1.0' },
};

const buildContext: BuildContext = {
  callId: 'call-1',
  consultCallId: 'call-2',
  sessionId: 'call-1',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  callbackUri: 'https://bot.contoso.com/api/calling',
  clientId: '0efc74f7-41c3-47a4-8775-7259bfef4241',
  appInstanceId: '3e6f1c8a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
  promptMedia: (file) => ({ uri: `https://bot.contoso.com/${file}`, resourceId: '1b4f7a3e-0000-4000-8000-000000000001' }),
  audioMedia: (audio) => ({ uri: `https://bot.contoso.com/prompts/${audio.path}`, resourceId: audio.resourceId }),
};

/** The emulator's own routing, handlers and body validation, without a server. */
function emulatorAccepts(request: GraphRequestSpec): void {
  const route = parseRoute(request.method, request.path.split('/').filter(Boolean).map(decodeURIComponent));
  if (!handlesAction(route.action)) throw new Error(`the emulator routes ${request.method} ${request.path} to '${route.action}' but has no handler`);
  if (BODY_SCHEMAS[route.action] && request.method === 'POST')
    validateBody(route.action, 'v1.0', request.body ?? {}, route.action === 'create' ? 'call' : route.action);
}

const realParts: ConformanceParts = {
  blocks: builtInBlocks,
  catalogue: EFFECTS,
  builders: GRAPH_REQUESTS as unknown as ConformanceParts['builders'],
  mappedOperations: new Set(OPERATION_TYPES.map((type) => type.kind)),
  simulatorReactsTo,
  emulatorAccepts,
  example: (type) => (EXAMPLES as Record<string, Effect>)[type],
  buildContext,
};

/** A made-up block whose state emits `effect` (a name the catalogue may not have, as a new block would). */
function blockEmitting(effect: string): BlockDefinition {
  return {
    type: 'beam',
    title: 'Beam',
    category: 'call',
    description: 'Beams the caller somewhere (a test fixture).',
    properties: { next: { $ref: '#/$defs/target', description: 'Where to go next.' } },
    outcomes: () => [{ name: 'next', path: ['next'], description: 'Beamed.' }],
    compile: (state, ctx) => ({ entry: [ctx.effect(effect as BlockEffectName)], on: { 'operation.completed': ctx.go('next', state.next as string) } }),
    examples: [{ type: 'beam', next: 'next' }],
  };
}

const beamSpec: EffectSpec = { performer: 'call', backends: { graph: { settles: 'operation' } }, operation: 'beam' };

describe('effect conformance', () => {
  it('finds every effect of the catalogue that blocks may emit in some block example', () => {
    const emitted = emittedEffects(builtInBlocks);
    const blockEffects = (Object.keys(EFFECTS) as Array<keyof typeof EFFECTS>).filter((type) => {
      const spec: EffectSpec = EFFECTS[type];
      return spec.performer !== 'session' && !spec.engineOnly;
    });
    expect(blockEffects.filter((type) => !emitted.has(type))).toEqual([]);
  });

  it('holds for every effect the built-in blocks emit', () => {
    expect(conformanceProblems(realParts)).toEqual([]);
  });

  it('reports an effect a block emits that the catalogue does not have', () => {
    const blocks = blockRegistry([...builtInBlocks.all, blockEmitting('graph.warp')]);
    expect(conformanceProblems({ ...realParts, blocks })).toEqual(['graph.warp (emitted by beam) is not in the effect catalogue']);
  });

  it('reports a catalogued effect with no simulator reaction, no notification mapper and no request builder', () => {
    const blocks = blockRegistry([...builtInBlocks.all, blockEmitting('graph.beam')]);
    expect(conformanceProblems({ ...realParts, blocks, catalogue: { ...EFFECTS, 'graph.beam': beamSpec } })).toEqual([
      'graph.beam (emitted by beam) has no simulator reaction',
      "graph.beam (emitted by beam) settles by an operation notification, but no notification mapper handles 'beam'",
      'graph.beam (emitted by beam) has no Graph request builder',
    ]);
  });

  it('reports a request the emulator has no route for', () => {
    const blocks = blockRegistry([...builtInBlocks.all, blockEmitting('graph.beam')]);
    const problems = conformanceProblems({
      ...realParts,
      blocks,
      catalogue: { ...EFFECTS, 'graph.beam': beamSpec },
      builders: { ...realParts.builders, 'graph.beam': (_effect, context) => ({ method: 'POST', path: callPath(context, 'beam'), body: {} }) },
      mappedOperations: new Set([...realParts.mappedOperations, 'beam']),
      simulatorReactsTo: (type) => type === 'graph.beam' || simulatorReactsTo(type),
      example: (type) => (type === 'graph.beam' ? ({ type } as unknown as Effect) : realParts.example(type)),
    });
    expect(problems).toEqual([expect.stringMatching(/^graph\.beam \(emitted by beam\) has no emulator route: .*beam/)]);
  });

  it('reports a request the emulator routes but refuses, naming the blocks that emit it', () => {
    const problems = conformanceProblems({
      ...realParts,
      builders: {
        ...realParts.builders,
        'graph.playPrompt': (_effect, context) => ({ method: 'POST', path: callPath(context, 'playPrompt'), body: { prompts: 'welcome' } }),
      },
    });
    expect(problems).toEqual([expect.stringMatching(/^graph\.playPrompt \(emitted by play, [^)]*\bmenu\b[^)]*\) has no emulator route: .*prompts/)]);
  });
});
