import { mkdirSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftWatch } from '../../../../shared/drift-watch';
import { rpc, startTestHost, type TestHost } from '../../../helpers/running-host';
import { maxUploadBytes } from '../../../../main/app';
import { tempDir } from '../../../helpers/temp-dir';

function csv(path: string, seed: number): string {
  const rows = Array.from({ length: 300 }, (_, i) => `${((i * 7919 + seed) % 1000) / 10}`);
  writeFileSync(path, ['x', ...rows].join('\n') + '\n');
  return path;
}


describe('drift watches over the network', () => {
  let host: TestHost;
  let data: string;
  let outside: string;

  beforeAll(async () => {
    const root = tempDir();
    data = join(root, 'datasets');
    outside = join(root, 'private');
    mkdirSync(join(data, 'feed'), { recursive: true });
    mkdirSync(outside);
    csv(join(data, 'ref.csv'), 1);
    csv(join(data, 'feed', 'day-1.csv'), 2);
    csv(join(outside, 'secret.csv'), 3);
    symlinkSync(outside, join(data, 'escape'));
    host = await startTestHost({ config: { drift: { dataFolders: [data] } }, app: { watchTiming: { pollMs: 50, debounceMs: 100 } } });
  });
  afterAll(() => host.stop());

  it('refuses a reference or current path outside drift.dataFolders, however spelled, and adds nothing', async () => {
    const ref = { path: join(data, 'ref.csv') };
    const attempts: [object, RegExp][] = [
      [{ reference: { path: join(outside, 'secret.csv') }, current: join(data, 'feed') }, /^reference: .* outside drift\.dataFolders/],
      [{ reference: ref, current: outside }, /^current: .* outside drift\.dataFolders/],
      [{ reference: ref, current: `${data}/feed/../../private` }, /^current: .* outside drift\.dataFolders/],
      [{ reference: ref, current: join(data, 'escape') }, /^current: .* outside drift\.dataFolders/],
      [{ reference: ref, current: join(data, 'escape', '*.csv') }, /^current: .* outside drift\.dataFolders/],
      [{ reference: ref, current: `${data}/feed/*/../../../private/*.csv` }, /climb out/],
      [{ reference: ref, current: 'feed/*.csv' }, /full path/],
    ];
    for (const [input, message] of attempts) {
      const result = await rpc(host, 'drift.watches.add', { name: 'sneaky', intervalMinutes: 60, ...input });
      expect(result.ok, JSON.stringify(input)).toBe(false);
      expect(result.error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(message) });
    }
    expect((await rpc(host, 'drift.watches.list')).value).toEqual([]);
  });

  it('refuses a reference bigger than an upload may be, and adds nothing', async () => {
    const huge = join(data, 'huge.csv');
    writeFileSync(huge, 'x\n1\n');
    truncateSync(huge, maxUploadBytes + 1); // sparse: takes no room on disk
    try {
      const result = await rpc(host, 'drift.watches.add', { name: 'huge', reference: { path: huge }, current: join(data, 'feed'), intervalMinutes: 60 });
      expect(result.error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/^reference: .* a watch added in the browser keeps a copy of at most \d+ bytes/) });
      expect((await rpc(host, 'drift.watches.list')).value).toEqual([]);
    } finally {
      rmSync(huge);
    }
  });

  it('reads only files inside the confined folder, even when a link to a file outside lands there', async () => {
    const added = await rpc(host, 'drift.watches.add', { name: 'feed', reference: { path: join(data, 'ref.csv') }, current: join(data, 'feed'), intervalMinutes: 60, onChange: false, confined: false });
    expect(added).toMatchObject({ ok: true, value: { confined: true } });
    symlinkSync(join(outside, 'secret.csv'), join(data, 'feed', 'day-2.csv'));
    utimesSync(join(data, 'feed', 'day-1.csv'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const checked = (await rpc(host, 'drift.watches.run', { watch: 'feed' })).value as DriftWatch;
    expect(checked.error).toBeNull();
    expect(checked.last!.current).toBe(join(data, 'feed', 'day-1.csv'));

    // Once its folder is no longer one the network may read, the watch reads nothing.
    host.app.config.update({ drift: { dataFolders: [outside] } });
    const refused = (await rpc(host, 'drift.watches.run', { watch: 'feed' })).value as DriftWatch;
    expect(refused.error!.message).toMatch(/no longer inside drift\.dataFolders/);
    expect(refused.history).toHaveLength(1);
  });
});
