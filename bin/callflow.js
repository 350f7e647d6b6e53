#!/usr/bin/env node
// Entry point of the `callflow` command: loads the TypeScript sources through tsx's ESM loader,
// so there is no build step between a checkout and a working CLI.
import { register } from 'tsx/esm/api';

register();
await import('../engine/cli/main.ts');
