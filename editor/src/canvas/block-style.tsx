/**
 * How a block category looks: an icon and an accent colour. The block's name is always written
 * next to them, so nothing depends on telling colours apart.
 */
import type { ReactElement } from 'react';

const ICONS: Record<string, ReactElement> = {
  call: (
    <path d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z" />
  ),
  media: <path d="M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z" />,
  input: <path d="M5 3h3v3H5zm5.5 0h3v3h-3zM16 3h3v3h-3zM5 8.5h3v3H5zm5.5 0h3v3h-3zm5.5 0h3v3h-3zM5 14h3v3H5zm5.5 0h3v3h-3zm5.5 0h3v3h-3zm-5.5 5.5h3v3h-3z" />,
  meeting: (
    <path d="M16 11a3 3 0 1 0-3-3 3 3 0 0 0 3 3zm-8 0a3 3 0 1 0-3-3 3 3 0 0 0 3 3zm0 2c-2.3 0-7 1.2-7 3.5V19h14v-2.5C15 14.2 10.3 13 8 13zm8 0c-.3 0-.6 0-1 .05A4.2 4.2 0 0 1 17 16.5V19h6v-2.5c0-2.3-4.7-3.5-7-3.5z" />
  ),
  logic: <path d="M14 4l2.3 2.3-2.9 2.9 1.4 1.4 2.9-2.9L20 10V4h-6zm-4 0H4v6l2.3-2.3 4.7 4.7V20h2v-8.4l-5.3-5.3L10 4z" />,
  integration: <path d="M7 7h10v2H7zm0 8h10v2H7zM3 11l4-4v3h10V7l4 4-4 4v-3H7v3z" />,
};

/** The accent colours of canvas.css, for the overview map (which draws boxes itself). */
export const CATEGORY_COLOURS: Record<string, string> = {
  call: '#2563eb',
  media: '#7c3aed',
  input: '#c2410c',
  meeting: '#0f766e',
  logic: '#475569',
  integration: '#15803d',
};

export const CATEGORY_LABEL: Record<string, string> = {
  call: 'Call',
  media: 'Media',
  input: 'Caller input',
  meeting: 'Meetings',
  logic: 'Logic',
  integration: 'Integration',
};

export function CategoryIcon({ category, size = 16 }: { category: string; size?: number }) {
  return (
    <svg className="category-icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {ICONS[category] ?? ICONS.logic}
    </svg>
  );
}
