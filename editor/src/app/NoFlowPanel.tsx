/**
 * The side panel before a flow is open. The document is empty then, and the inspector, code and
 * problems tabs would report that emptiness as a JSON error; there is nothing to inspect yet, so
 * the panel says what to do instead.
 */
export function NoFlowPanel() {
  return (
    <aside className="sidepanel sidepanel-empty" aria-label="Side panel">
      <div className="empty-state">
        <strong>No flow open</strong>
        <p>Open a flow from the list, or create a new one.</p>
      </div>
    </aside>
  );
}
