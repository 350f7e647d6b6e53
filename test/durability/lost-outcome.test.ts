/**
 * Graph may send an operation's completion once (the emulator's `notificationRetry=none`; with
 * `backoff` the completion comes again once an engine answers), and `GET …/operations/{id}` is not
 * in the API reference's route table: here the emulator answers it 404. An engine killed while a prompt
 * played misses the prompt's completion and, started again, cannot ask about it. The call must not
 * be left waiting: after the prompt's length the engine takes it as played and the flow goes on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialMainLine, pathOf, SALES, staffTheMainLine, waitUntilPlayed } from './calls.ts';
import { startDurableStack, type DurableStack } from './durable-stack.ts';

let stack: DurableStack;
beforeAll(async () => {
  // Speed 1: the welcome prompt plays for seconds, long enough to kill the engine while it plays.
  stack = await startDurableStack({ engines: 1, speed: 1, variations: 'operationLookup=notFound,notificationRetry=none' });
  await staffTheMainLine(stack.people);
}, 120_000);
afterAll(() => stack?.stop());

describe('an engine killed while a prompt plays, when Graph cannot be asked about operations', () => {
  it('takes the prompt as played after its length and carries the call on', async () => {
    const [engine] = stack.engines;
    const call = await dialMainLine(stack.people, '+14255550177');
    // The welcome prompt was sent and Graph's answer (its operation id) is stored as pending.
    await stack.people.waitFor('the welcome prompt pending in the engine', async () => {
      const { body } = await stack.api<{ pending?: Array<{ kind: string }> }>(engine!, 'GET', `/api/calls/${call}/state`);
      return body.pending?.some((operation) => operation.kind === 'playPrompt') || undefined;
    });
    await engine!.kill();
    // Its completion is delivered while no engine runs, and is lost.
    await stack.people.waitFor('the welcome prompt to finish', async () => {
      const log = await stack.people.log(call);
      return log.some((entry) => entry.kind === 'notification' && JSON.stringify(entry.body).includes('"completed"') && entry.status !== 202) || undefined;
    });
    await engine!.start();
    await waitUntilPlayed(stack.people, call, 'playPrompt mainMenu');
    await stack.people.pressKeys(call, '1');
    await stack.people.waitForState(call, 'terminated');
    expect(await pathOf(stack.people, call)).toEqual([
      'answer',
      'subscribeToTone',
      'playPrompt welcome',
      'operation',
      'playPrompt mainMenu',
      `transfer phone:${SALES}`,
    ]);
    const trace = (await stack.api<{ entries: Array<{ kind: string; action?: string }> }>(engine!, 'GET', `/api/calls/${call}/trace`)).body.entries;
    expect(trace.some((entry) => entry.action === 'awaitingLostOutcome')).toBe(true);
  }, 120_000);
});
