/**
 * The History tab's ghosts on the canvas: dashed boxes, beside the flow, for states the compared
 * versions add or remove that the open flow does not have. Drawn in the flow's coordinates
 * (ViewportPortal), so they pan and zoom with it, and never part of the graph: they cannot be
 * selected, moved or connected.
 */
import { ViewportPortal } from '@xyflow/react';
import type { GhostState } from '../history/diff-view.ts';
import { GHOST_HEIGHT, GHOST_WIDTH } from './ghost-states.ts';

export function GhostStates({ ghosts }: { ghosts: ReadonlyArray<GhostState & { x: number; y: number }> }) {
  if (!ghosts.length) return null;
  return (
    <ViewportPortal>
      {ghosts.map((ghost) => (
        <div
          key={ghost.id}
          className={`ghost-state is-diff-${ghost.mark}`}
          data-state={ghost.id}
          style={{ transform: `translate(${ghost.x}px, ${ghost.y}px)`, width: GHOST_WIDTH, height: GHOST_HEIGHT }}
          aria-label={`${ghost.id} (${ghost.type}), ${ghost.mark === 'removed' ? 'removed' : 'added'} in the versions compared`}
        >
          <span className="ghost-id">{ghost.id}</span>
          <span className="ghost-note">
            {ghost.type} · {ghost.mark === 'removed' ? 'removed' : 'only in the other version'}
          </span>
        </div>
      ))}
    </ViewportPortal>
  );
}
