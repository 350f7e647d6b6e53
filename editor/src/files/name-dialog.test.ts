import { describe, expect, it } from 'vitest';
import { idFromName } from './NameDialog.tsx';

describe('a file id from a flow name', () => {
  it('is the name in lowercase words joined by dashes, numbered when taken', () => {
    expect(idFromName('Pizza Palace', [])).toBe('pizza-palace');
    expect(idFromName('  Café Zürich — after hours! ', [])).toBe('cafe-zurich-after-hours');
    expect(idFromName('Pizza Palace', ['pizza-palace', 'pizza-palace-2'])).toBe('pizza-palace-3');
    expect(idFromName('!!!', [])).toBe('flow');
  });
});
