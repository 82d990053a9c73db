#!/usr/bin/env node
// The `vigil` command. Runs the bundled CLI (out/cli, made by `npm run build`) when it is at least
// as new as every source file; otherwise runs the TypeScript sources through tsx, so a fresh clone
// works right after `npm install` and a stale build never runs.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}out/cli/vigil.js`;

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsCurrent() {
  try {
    const built = statSync(bundle).mtimeMs;
    return built >= Math.max(newestSource(`${root}main`), newestSource(`${root}shared`), statSync(`${root}package.json`).mtimeMs);
  } catch {
    return false;
  }
}

if (bundleIsCurrent()) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../main/cli/main.ts');
}
