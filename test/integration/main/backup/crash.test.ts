import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../../main/app';
import { uniforms } from '../../../helpers/dataset-files';
import { vigilBin } from '../../../helpers/run-cli';
import { tempDir } from '../../../helpers/temp-dir';

describe('a backup killed with SIGKILL', () => {
  it('never leaves a complete-looking archive; the next backup and a restore succeed', async () => {
    const dataDir = tempDir();
    const source = join(tempDir(), 'models');
    const destination = join(tempDir(), 'backups');
    mkdirSync(source);
    const u = uniforms(7);
    for (let i = 0; i < 12; i++) {
      const data = Buffer.alloc(1024 * 1024);
      for (let k = 0; k < data.length; k += 4) data.writeUInt32LE((u() * 4294967295) >>> 0, k);
      writeFileSync(join(source, `shard-${i}.bin`), data);
    }
    // No schedule: recovery at start must not be followed by a scheduled run in this test.
    const schedule = { fullEveryHours: null, incrementalEveryHours: null };
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ backup: { sources: [{ name: 'models', path: source }], destination, gzipLevel: 1, schedule } }));

    // Kill at a spread of moments: while starting, scanning, archiving, reading back, finishing.
    for (const delay of [150, 450, 750, 1050, 1350]) {
      const child = spawn(process.execPath, [vigilBin, '--data-dir', dataDir, 'backup', 'run', '--kind', 'full'], { stdio: 'ignore' });
      const exited = new Promise((resolve) => child.on('exit', resolve)); // it may finish before the kill
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await exited;

      const app = createApp({ dataDir, host: 'test', live: false });
      app.backup.start(); // what every start does: recover first
      await app.backup.stop();
      const complete = app.backup.list().filter((a) => a.status === 'complete');
      const onDisk = existsSync(join(destination, 'models')) ? readdirSync(join(destination, 'models')) : [];
      // Whatever is on disk belongs to a complete run, and every complete run verifies.
      expect(onDisk.filter((n) => n.endsWith('.partial'))).toEqual([]);
      expect(onDisk.filter((n) => n.endsWith('.tar.gz')).length).toBe(complete.length);
      expect((await app.backup.verify()).every((r) => r.ok)).toBe(true);
      expect(app.backup.list().some((a) => a.status === 'running')).toBe(false);
      await app.dispose();
    }

    const app = createApp({ dataDir, host: 'test', live: false });
    app.backup.start();
    // The kills did land mid-run: recovery found interrupted runs.
    expect(app.backup.list().filter((a) => a.status === 'failed' && a.error === 'interrupted').length).toBeGreaterThan(0);
    const [record] = await app.backup.run('full');
    const to = join(tempDir(), 'restored');
    await expect(app.backup.restore(record!.id, to, [])).resolves.toEqual({ files: 12, to });
    await app.dispose();
  }, 120_000);
});
