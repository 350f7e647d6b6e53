/**
 * Security headers for every answer (helmet). The Content-Security-Policy admits only what the
 * editor needs: its own scripts (which compile the flow schema's validators) and workers (monaco's and elkjs's workers are bundled files; monaco
 * also starts workers from blob: URLs), inline styles (monaco and React Flow set them on elements),
 * its own fonts and data: fonts (monaco's codicons), prompts played from this origin or from a blob,
 * and calls to this origin only. No page may frame the editor (clickjacking). upgrade-insecure-requests
 * is left out: on http://localhost it would send the editor's own requests to an https port nobody serves.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // 'unsafe-eval': the editor checks flows with the same Ajv validators as the engine, and Ajv
        // compiles a schema into a function. No inline script runs: an injected <script> or
        // handler attribute is still refused. Precompiled (standalone) validators would lift this.
        scriptSrc: ["'self'", "'unsafe-eval'"],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", 'data:'],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:', 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
}
