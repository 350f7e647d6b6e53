/**
 * Whether a key event belongs to something the user types into — a text field, a select, the code
 * editor, anything editable — so that no canvas or history shortcut takes it. React Flow's own
 * keys (Space to pan, Delete) are kept out of the side panel by its `nokey` class.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element?.closest) return false;
  return Boolean(element.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .monaco-editor'));
}
