/** The first steps on an empty canvas, in the order an analyst takes them. */
export function WhatToDoFirst() {
  return (
    <div className="what-to-do-first">
      <h2>What to do first</h2>
      <ol>
        <li>
          Drag <strong>Answer</strong> from the blocks on the left onto this canvas: calls start at the first block.
        </li>
        <li>
          Add what the caller hears (<strong>Play</strong>) or chooses (<strong>Menu</strong>), then drag from a block’s bottom tab to the next block to connect
          them.
        </li>
        <li>
          Try the call in <strong>Simulate</strong>, then <strong>Save</strong>.
        </li>
      </ol>
    </div>
  );
}
