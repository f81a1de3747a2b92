#!/usr/bin/env node
// `npx chat-opsdata …` and `npx chat-opsdata report …` in a clone of chat-opsdata (after npm ci):
// the CLI of functions/cli.ts, run from its TypeScript by tsx as `npm start` runs it, with
// nothing but what the CLI itself prints on stdout (no npm banner), so `--json | jq .` works.
import { register } from 'tsx/esm/api';

register();
await import('../functions/cli.ts');
