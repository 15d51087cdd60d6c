#!/usr/bin/env node
// The CLI entry point. Production (the Docker image) runs the JavaScript compiled by
// `npm run build` into dist/; a clone runs the TypeScript sources through tsx (a dev
// dependency), so it works after `npm ci` with no build step.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
if (process.env.NODE_ENV === 'production' && existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
