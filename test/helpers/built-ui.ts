import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The renderer as `npm run build` leaves it; end-to-end tests drive exactly what users get. */
export function builtUiDir(): string {
  const dir = fileURLToPath(new URL('../../out/renderer', import.meta.url));
  if (!existsSync(`${dir}/index.html`)) {
    throw new Error(`the UI is not built (${dir}/index.html missing): run \`npm run build\` first (\`npm test\` does)`);
  }
  return dir;
}
