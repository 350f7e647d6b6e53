/**
 * Tab and the code editor. In the editor Tab indents, as in any code editor; so that the keyboard
 * is never trapped (WCAG 2.1.2), Esc then Tab (or Shift+Tab) moves the focus to the next (or
 * previous) control of the page. Arriving in the editor with Tab also lets Tab go straight on, so
 * walking the page with Tab never types into the flow — until the user types, clicks or presses
 * Enter in the editor.
 */
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function moveFocus(from: HTMLElement, backwards: boolean): void {
  const all = Array.from(document.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (element) => !from.contains(element) && element.getClientRects().length > 0 && !element.closest('[hidden], [inert]'),
  );
  const after = all.filter((element) => from.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING);
  const before = all.filter((element) => from.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_PRECEDING);
  const target = backwards ? (before[before.length - 1] ?? all[all.length - 1]) : (after[0] ?? all[0]);
  target?.focus();
}

/** Installs the behaviour on the element that holds the editor; returns how to remove it. */
export function letTabLeave(host: HTMLElement): () => void {
  let passing = false;
  let tabbing = false;
  const onDocumentKey = (event: KeyboardEvent) => {
    tabbing = event.key === 'Tab';
  };
  const onDocumentPointer = () => {
    tabbing = false;
  };
  const onFocusIn = (event: FocusEvent) => {
    // Focus that came from outside the editor by Tab: Tab passes through until the user works here.
    if (!host.contains(event.relatedTarget as Node | null) && tabbing) passing = true;
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      passing = true;
      return;
    }
    if (event.key === 'Tab' && passing && !event.ctrlKey && !event.altKey && !event.metaKey) {
      event.preventDefault();
      event.stopPropagation();
      moveFocus(host, event.shiftKey);
      return;
    }
    if (!['Shift', 'Control', 'Alt', 'Meta'].includes(event.key)) passing = false;
  };
  const onPointer = () => {
    passing = false;
  };
  document.addEventListener('keydown', onDocumentKey, true);
  document.addEventListener('pointerdown', onDocumentPointer, true);
  host.addEventListener('focusin', onFocusIn);
  host.addEventListener('keydown', onKey, true);
  host.addEventListener('pointerdown', onPointer, true);
  return () => {
    document.removeEventListener('keydown', onDocumentKey, true);
    document.removeEventListener('pointerdown', onDocumentPointer, true);
    host.removeEventListener('focusin', onFocusIn);
    host.removeEventListener('keydown', onKey, true);
    host.removeEventListener('pointerdown', onPointer, true);
  };
}
