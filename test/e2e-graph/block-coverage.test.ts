/**
 * Every block of the registry runs against the emulator: some example flow that flows.test.ts
 * walks end to end (a caller or the engine's API starts it, its scenarios are played over the wire
 * and its Graph requests compared exactly) has a state of that type, itself or in a flow it runs as
 * a subflow. A block added to engine/blocks/ without a gallery flow walked e2e fails here, by name.
 */
import { describe, expect, it } from 'vitest';
import { blocks } from '../../engine/blocks/index.ts';
import { EXPECTED_REQUESTS } from './expected-requests.ts';
import { scenariosOf, WALKED_FLOWS, withSubflows } from './gallery.ts';

/** The walked flows that run a state of `type`, and every scenario of them has its exact requests. */
function walksOf(type: string): string[] {
  return WALKED_FLOWS.filter((id) => withSubflows(id).some((flow) => Object.values(flow.states).some((state) => state.type === type))).filter(
    (id) => scenariosOf(id).length > 0 && scenariosOf(id).every((scenario) => EXPECTED_REQUESTS[scenario.name] !== undefined),
  );
}

describe('the example flows walked against the emulator', () => {
  it('run every block type of the registry, each in at least one flow whose scenarios have their exact Graph requests', () => {
    const unwalked = blocks.map((block) => block.type).filter((type) => walksOf(type).length === 0);
    expect(unwalked, `blocks no example flow walked e2e uses: ${unwalked.join(', ')}`).toEqual([]);
  });

  it('count a block used only inside a subflow as walked by the flows that run that subflow', () => {
    // alarm-notice has no call of its own: its `play` and `end` run inside alarm-callout's calls.
    expect(WALKED_FLOWS).not.toContain('alarm-notice');
    expect(WALKED_FLOWS).toContain('alarm-callout');
    expect(withSubflows('alarm-callout').map((flow) => flow.id)).toEqual(['alarm-callout', 'alarm-notice']);
  });
});
