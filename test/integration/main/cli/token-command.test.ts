import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVigil } from '../../../helpers/run-cli';
import { tempDir } from '../../../helpers/temp-dir';

describe('vigil token', () => {
  it('shows the three tokens, one scope alone for scripts, and rotates one without touching the others', async () => {
    const dataDir = tempDir();
    const vigil = (...args: string[]) => runVigil(['--data-dir', dataDir, 'token', ...args]);
    const all = await vigil('show');
    expect(all.status).toBe(0);
    const shown = Object.fromEntries(all.stdout.trim().split('\n').map((line) => line.split(/\s+/).slice(0, 2)));
    expect(Object.keys(shown)).toEqual(['admin', 'ingest', 'metrics']);
    for (const scope of ['admin', 'ingest', 'metrics']) {
      const file = join(dataDir, `${scope}-token`);
      expect(readFileSync(file, 'utf8').trim()).toBe(shown[scope]);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    expect(await vigil('show', '--scope', 'ingest')).toMatchObject({ status: 0, stdout: `${shown.ingest}\n` });

    const rotated = await vigil('rotate', '--scope', 'metrics');
    expect(rotated.status).toBe(0);
    const fresh = rotated.stdout.trim();
    expect(fresh).toMatch(/^[\w-]{32,}$/);
    expect(fresh).not.toBe(shown.metrics);
    expect((await vigil('show', '--scope', 'metrics')).stdout.trim()).toBe(fresh);
    expect((await vigil('show', '--scope', 'admin')).stdout.trim()).toBe(shown.admin);
  });

  it('refuses an unknown scope or command (exit 2) and creates nothing', async () => {
    const dataDir = tempDir();
    for (const args of [['show', '--scope', 'root'], ['print'], []]) {
      const result = await runVigil(['--data-dir', dataDir, 'token', ...args]);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^vigil: /);
    }
    expect(() => statSync(join(dataDir, 'admin-token'))).toThrow();
  });
});
