#!/usr/bin/env node
// The `vigil` command. Runs the bundled CLI (out/cli, made by `npm run build`) when it is at least
// as new as every source file; otherwise runs the TypeScript sources through tsx, so a fresh clone
// works right after `npm install` and a stale build never runs.
import { bundle, bundleIsCurrent } from './bundle-is-current.js';

if (bundleIsCurrent()) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../main/cli/main.ts');
}
