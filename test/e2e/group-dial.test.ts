/**
 * A group call drawn in the editor: the dial's "To" switches from one party to several people
 * (OneOrManyControl), a second person added in the form lands in the document as a list, the
 * phone number kept from the single target is flagged (a group call rings Teams users only), and
 * switching back to one keeps the first.
 */
import { describe, expect, it } from 'vitest';
import { foreignRequests, useEditor, type EditorPage } from './harness.ts';
import { documentValue, fill, inspector, nodeOf, selectState, until } from './editor-actions.ts';

let editor: EditorPage;

useEditor(
  {
    path: '/?flow=outbound-reminder',
    ready: (opened) => until(async () => (await nodeOf(opened.page, 'dial').count()) === 1, 'the reminder on the canvas'),
  },
  (opened) => ({ editor } = opened),
);

const dialTo = async () => (await documentValue(editor.page)).states.dial.to;

describe('a dial to several people in the editor', () => {
  it('turns the single target into a list, adds a second person and shows the flow JSON change', async () => {
    const { page } = editor;
    await selectState(page, 'dial');
    // The "To" group (its legend carries the required mark): the one option edited as one or several.
    const to = inspector(page).locator('fieldset.kind-oneOrMany');
    expect(await to.getByRole('radio', { name: 'One' }).isChecked()).toBe(true);

    await to.getByRole('radio', { name: 'Several' }).check();
    await expect.poll(dialTo).toEqual([{ phone: '{{vars.phone}}' }]);

    await to.getByRole('button', { name: 'Add to to' }).click();
    const second = to.getByRole('group', { name: 'To 2' });
    await fill(second, 'User', '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50');
    await fill(second, 'Display name', 'Duty manager');
    await expect.poll(dialTo).toEqual([{ phone: '{{vars.phone}}' }, { user: '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50', displayName: 'Duty manager' }]);
    // The number kept from the single target cannot be rung in a group call: lint says so at the state.
    await until(
      async () =>
        /Teams users only/.test(
          (await inspector(page)
            .getByRole('list', { name: 'Problems of this state' })
            .innerText()
            .catch(() => '')) ?? '',
        ),
      'the group-target problem in the inspector',
    );

    await to.getByRole('radio', { name: 'One' }).check();
    await expect.poll(dialTo).toEqual({ phone: '{{vars.phone}}' });
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
