// Whether out/cli/vigil.js (made by `npm run build`) is at least as new as every source file it is
// built from. Shared by the `vigil` command and the benchmarks, which must measure the bundle.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const bundle = `${root}out/cli/vigil.js`;

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function bundleIsCurrent() {
  try {
    const built = statSync(bundle).mtimeMs;
    return built >= Math.max(newestSource(`${root}main`), newestSource(`${root}shared`), statSync(`${root}package.json`).mtimeMs);
  } catch {
    return false;
  }
}
