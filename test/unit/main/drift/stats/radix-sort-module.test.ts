import { readFileSync } from 'node:fs';
import initWabt from 'wabt';
import { expect, it } from 'vitest';
import { radixSortModule } from '../../../../../main/drift/stats/radix-sort-module';

it('is radix-sort.wat as it stands, assembled (run `npm run wasm` after changing the .wat)', async () => {
  const wabt = await initWabt();
  const source = readFileSync(new URL('../../../../../main/drift/stats/radix-sort.wat', import.meta.url), 'utf8');
  const parsed = wabt.parseWat('radix-sort.wat', source);
  const assembled = Buffer.from(parsed.toBinary({}).buffer);
  parsed.destroy();
  expect(Buffer.from(radixSortModule, 'base64').equals(assembled)).toBe(true);
});
