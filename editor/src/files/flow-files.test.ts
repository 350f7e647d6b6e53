import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DocumentStore } from '../document/document-store.ts';
import { LayoutStore } from '../canvas/layout-store.ts';
import { FlowFiles } from './flow-files.ts';

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: { text: string; tests?: string; layout?: string };
}

let sent: Sent[];
let answer: (request: Sent) => { status: number; body: unknown };

beforeEach(() => {
  sent = [];
  vi.stubGlobal('sessionStorage', { getItem: () => null, setItem: () => undefined, removeItem: () => undefined });
  vi.stubGlobal('history', { replaceState: () => undefined });
  vi.stubGlobal('fetch', async (path: string, init: { method: string; headers: Record<string, string>; body?: string }) => {
    const request = { method: init.method, path, headers: init.headers, body: init.body ? JSON.parse(init.body) : undefined };
    sent.push(request);
    const { status, body } = answer(request);
    return { ok: status < 400, status, text: async () => JSON.stringify(body) };
  });
});
afterEach(() => vi.unstubAllGlobals());

const draftAnswer = (request: Sent) => ({
  status: 200,
  body: {
    id: 'pizza',
    version: 'v1',
    text: request.body!.text,
    tests: request.body!.tests ?? null,
    layout: null,
    draft: true,
    author: 'ana',
    at: 1,
    problems: [],
  },
});

const layoutOf = (files: FlowFiles) => (files as unknown as { layout: LayoutStore }).layout;

function newFlow() {
  const document = new DocumentStore('');
  const files = new FlowFiles(document, new LayoutStore());
  files.create('pizza', 'Pizza');
  // A play block with no prompt: the flow has errors, which a draft may hold.
  const flow = JSON.parse(document.text);
  document.replace(JSON.stringify({ ...flow, start: 'greet', states: { greet: { type: 'play' } } }, null, 2), 'code');
  return { document, files };
}

describe('saving to the draft', () => {
  it("saves a new flow's first draft with If-Match new, with its layout, errors and all", async () => {
    answer = draftAnswer;
    const { document, files } = newFlow();
    // A block placed on the canvas: the layout has something to keep.
    layoutOf(files).move({ greet: { x: 10, y: 20 } });
    expect(await files.save()).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'PUT', path: '/api/flows/pizza/draft', headers: { 'if-match': '"new"' } });
    expect(sent[0].body!.text).toBe(document.text);
    expect(JSON.parse(sent[0].body!.layout!)).toHaveProperty('positions');
    expect(files.state).toMatchObject({ stored: true, version: 'v1', savedText: document.text, draft: { author: 'ana', at: 1 } });
    expect(files.dirty).toBe(false);
    // Nothing changed: nothing is sent.
    expect(await files.save()).toBe(true);
    expect(sent).toHaveLength(1);
  });

  it('keeps the edits and shows both texts when someone saved the draft meanwhile', async () => {
    answer = () => ({ status: 412, body: { error: { code: 'conflict', message: 'changed' }, text: 'theirs', version: 'v2', author: 'bob' } });
    const { document, files } = newFlow();
    const mine = document.text;
    expect(await files.save()).toBe(false);
    expect(document.text).toBe(mine);
    expect(files.state.conflict).toEqual({ diskText: 'theirs', diskVersion: 'v2', author: 'bob' });
    expect(files.state.failure).toEqual({ text: mine, reason: 'the draft changed since it was opened' });
    answer = draftAnswer;
    await files.save('v2');
    expect(sent[1].headers['if-match']).toBe('"v2"');
  });

  it('saves scenarios with the draft ("Save as test"), and keeps them pending while a save fails', async () => {
    answer = () => ({ status: 500, body: { error: { message: 'the store is down' } } });
    const { files } = newFlow();
    expect(await files.saveTests('{"flow": "pizza", "scenarios": []}')).toBe(false);
    expect(files.dirty).toBe(true);
    answer = draftAnswer;
    expect(await files.save()).toBe(true);
    expect(sent[1].body!.tests).toBe('{"flow": "pizza", "scenarios": []}');
    expect(files.state.savedTests).toBe('{"flow": "pizza", "scenarios": []}');
    expect(files.dirty).toBe(false);
  });
});
