/**
 * The frame of the emulated sign-in pages: one self-contained HTML document (inline CSS, no
 * external resources, no script unless a page brings its own), sent with headers that keep it out
 * of caches and frames.
 */
import { createHash } from 'node:crypto';
import type { Response } from 'express';

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f2f2f2;font:15px/1.4 "Segoe UI",system-ui,-apple-system,sans-serif;color:#1b1b1b}
main{background:#fff;width:min(440px,100vw);padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
.brand{font-size:13px;color:#5e5e5e;margin-bottom:16px}
.brand strong{color:#1b1b1b}
h1{font-size:24px;font-weight:600;margin:0 0 4px}
.sub{margin:0 0 16px;color:#404040}
ul{list-style:none;margin:0 0 16px;padding:0}
li{border-top:1px solid #e6e6e6}
li:last-child{border-bottom:1px solid #e6e6e6}
button.account{display:flex;gap:12px;align-items:center;width:100%;padding:12px 8px;border:0;background:none;text-align:left;font:inherit;color:inherit;cursor:pointer}
button.account:hover,button.account:focus-visible{background:#e6e6e6;outline:none}
button.account.hinted{background:#f0f6ff}
.avatar{flex:none;width:40px;height:40px;border-radius:50%;background:#0067b8;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:600}
.who{display:flex;flex-direction:column}
.name{font-weight:600}
.upn,.roles{font-size:13px;color:#5e5e5e}
.actions{display:flex;justify-content:flex-end}
button.secondary{padding:6px 20px;border:0;background:#e6e6e6;font:inherit;cursor:pointer}
.alert{color:#a80000;margin:0 0 12px}
.details{font-size:12px;color:#5e5e5e;word-break:break-all}
.note{font-size:12px;color:#5e5e5e;margin:16px 0 0}
`;

/** Sends `body` as a complete page titled `title` (plus `scriptHashes`: inline scripts the page may run). */
export function sendPage(res: Response, status: number, title: string, body: string, scriptHashes: string[] = []): void {
  const scripts = scriptHashes.map((h) => ` '${h}'`).join('');
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store, no-cache',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; script-src${scripts || " 'none'"}; base-uri 'none'; frame-ancestors 'none'`,
    })
    .send(
      `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="robots" content="none">\n<title>${escapeHtml(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<main>\n<div class="brand"><strong>Microsoft Entra ID</strong> · callflow emulator</div>\n${body}\n</main>\n</body>\n</html>\n`,
    );
}

/** The CSP source of an inline script. */
export function scriptHash(script: string): string {
  return `sha256-${createHash('sha256').update(script).digest('base64')}`;
}
