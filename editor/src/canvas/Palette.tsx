/**
 * The blocks a flow can use, straight from the block registry and grouped by category: drag one
 * onto the canvas, or press Enter on it to add it in the middle of the view (keyboard users).
 */
import { builtInBlocks } from '../../../engine/blocks/registry.ts';
import { CATEGORY_LABEL, CategoryIcon } from './block-style.tsx';
import { plainHelp } from '../inspector/plain-help.ts';

export const BLOCK_MIME = 'application/x-callflow-block';

interface PaletteProps {
  disabled: boolean;
  onAdd: (type: string) => void;
}

export function Palette({ disabled, onAdd }: PaletteProps) {
  const blocks = builtInBlocks.all;
  const categories = [...new Set(blocks.map((block) => block.category))];
  return (
    <nav className="palette" aria-label="Blocks">
      <h2>Blocks</h2>
      <p className="hint">Drag onto the canvas</p>
      {categories.map((category) => (
        <section key={category} className={`palette-group category-${category}`} aria-label={CATEGORY_LABEL[category] ?? category}>
          <h3>{CATEGORY_LABEL[category] ?? category}</h3>
          <ul>
            {blocks
              .filter((block) => block.category === category)
              .map((block) => (
                <li key={block.type}>
                  <button
                    type="button"
                    className="palette-block"
                    draggable={!disabled}
                    disabled={disabled}
                    data-block={block.type}
                    title={plainHelp(block.description)}
                    aria-label={`Add ${block.title} block`}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(BLOCK_MIME, block.type);
                      event.dataTransfer.effectAllowed = 'copy';
                    }}
                    onClick={() => onAdd(block.type)}
                  >
                    <CategoryIcon category={block.category} size={14} />
                    <span>{block.title}</span>
                  </button>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
