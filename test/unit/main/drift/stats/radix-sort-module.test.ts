import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('is radix-sort.wat as it stands, assembled (run `npm run wasm` after changing the .wat)', () => {
  const script = fileURLToPath(new URL('../../../../../scripts/assemble-wasm.js', import.meta.url));
  const check = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
  expect(check.stdout).toBe('radix-sort-module.ts is radix-sort.wat assembled\n');
  expect(check.status).toBe(0);
});
