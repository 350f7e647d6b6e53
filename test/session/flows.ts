/** Small flows and notification builders for session tests. */
import type { FlowDocument } from '../../engine/core/types.ts';
import { APP } from './fixture.ts';

const prompts = {
  welcome: { 'en-US': { file: 'prompts/en-US/welcome.wav', text: 'Welcome.' } },
  menu: { 'en-US': { file: 'prompts/en-US/menu.wav', text: 'Press 1.' } },
};

const flow = (id: string, start: string, states: FlowDocument['states'], extra: Partial<FlowDocument> = {}): FlowDocument => ({
  id,
  version: 1,
  name: id,
  start,
  prompts,
  states,
  ...extra,
});

export const GREETER = flow('greeter', 'answer', {
  answer: { type: 'answer', next: 'greet' },
  greet: { type: 'play', prompts: ['welcome'], next: 'bye' },
  bye: { type: 'hangup' },
});

export const MENU = flow('menu', 'answer', {
  answer: { type: 'answer', next: 'menu' },
  menu: { type: 'menu', prompts: ['menu'], choices: { '1': 'sales' }, timeoutSeconds: 5, maxAttempts: 2, noInput: 'bye', noMatch: 'bye' },
  sales: { type: 'transfer', to: { phone: '+14255550100' }, failed: 'bye' },
  bye: { type: 'hangup' },
});

export const GATHER = flow(
  'gather',
  'answer',
  {
    answer: { type: 'answer', next: 'gather' },
    gather: { type: 'gather', prompts: ['menu'], minDigits: 1, maxDigits: 20, finishOnKey: '#', variable: 'digits', next: 'bye' },
    bye: { type: 'hangup' },
  },
  { variables: { digits: { type: 'string' } } },
);

/** After the caller hangs up, posts a report and ends. */
export const REPORTING = flow(
  'reporting',
  'answer',
  {
    answer: { type: 'answer', next: 'greet' },
    greet: { type: 'play', prompts: ['welcome'], next: 'bye' },
    bye: { type: 'hangup' },
    report: { type: 'http', url: 'https://reports.contoso.com/calls', body: { id: '{{call.id}}' }, next: 'done', error: 'done' },
    done: { type: 'end' },
  },
  { on: { hangup: 'report' } },
);

/** After the caller hangs up, tries to play (a Graph action that can never complete). */
export const STUCK_AFTER_HANGUP = flow(
  'stuck',
  'answer',
  {
    answer: { type: 'answer', next: 'greet' },
    greet: { type: 'play', prompts: ['welcome'], next: 'bye' },
    bye: { type: 'hangup' },
    late: { type: 'play', prompts: ['welcome'], next: 'done' },
    done: { type: 'end' },
  },
  { on: { hangup: 'late' } },
);

/** Ends the flow while the call is still up. */
export const ENDS_EARLY = flow('ends-early', 'answer', { answer: { type: 'answer', next: 'done' }, done: { type: 'end' } });

export const DIALER = flow(
  'dialer',
  'dial',
  {
    dial: { type: 'dial', to: { phone: '{{vars.phone}}' }, next: 'greet', noAnswer: 'bye', failed: 'bye', error: 'bye' },
    greet: { type: 'play', prompts: ['welcome'], next: 'bye' },
    bye: { type: 'hangup' },
  },
  { variables: { phone: { type: 'string' } } },
);

/** Gives up ringing after 15 s (the dial hangs up), then ends a moment later without a hang-up of its own. */
export const GIVES_UP = flow(
  'gives-up',
  'dial',
  {
    dial: { type: 'dial', to: { phone: '{{vars.phone}}' }, ringTimeoutSeconds: 15, next: 'bye', noAnswer: 'pause', failed: 'done' },
    pause: { type: 'wait', seconds: 1, next: 'done' },
    done: { type: 'end' },
    bye: { type: 'hangup' },
  },
  { variables: { phone: { type: 'string' } } },
);

const url = (callId: string) => `/communications/calls/${callId}`;

export const incoming = (callId: string, called: Record<string, unknown> = { application: { id: APP } }) => ({
  changeType: 'created',
  resourceUrl: url(callId),
  resourceData: {
    '@odata.type': '#microsoft.graph.call',
    state: 'incoming',
    direction: 'incoming',
    source: { identity: { phone: { id: '+14255550147' } } },
    targets: [{ identity: called }],
    tenantId: 'tenant-1',
    id: callId,
  },
});
/** A call state notification; `established` carries active audio, as the samples wait for (pass `mediaState: undefined` to leave it out). */
export const state = (callId: string, value: string, extra: Record<string, unknown> = {}) => ({
  changeType: value === 'terminated' ? 'deleted' : 'updated',
  resourceUrl: url(callId),
  resourceData: { '@odata.type': '#microsoft.graph.call', state: value, ...(value === 'established' ? { mediaState: { audio: 'active' } } : {}), ...extra },
});
export const tone = (callId: string, sequenceId: number, name: string) => ({
  changeType: 'updated',
  resourceUrl: url(callId),
  resourceData: { state: 'established', toneInfo: { sequenceId, tone: name } },
});
let operations = 0;
export const played = (callId: string, clientContext: string, status = 'completed') => ({
  changeType: 'deleted',
  resourceUrl: `${url(callId)}/operations/${++operations}`,
  resourceData: {
    '@odata.type': '#microsoft.graph.playPromptOperation',
    status,
    clientContext,
    resultInfo: { code: status === 'completed' ? 200 : 400, subcode: status === 'completed' ? 0 : 8508 },
  },
});
