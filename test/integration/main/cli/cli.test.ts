import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVigil, startVigil } from '../../../helpers/run-cli';
import { tempDir } from '../../../helpers/temp-dir';

function uiFolder(): string {
  const ui = join(tempDir(), 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Vigil</title>');
  return ui;
}

describe('vigil CLI', () => {
  it('prints its help with the commands and the global --data-dir', async () => {
    const result = await runVigil(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Usage: vigil \[--data-dir DIR\] COMMAND/);
    expect(result.stdout).toMatch(/^ {2}serve /m);
  });

  it('prints the version from package.json', async () => {
    const { version } = (await import('../../../../package.json', { with: { type: 'json' } })).default;
    expect(await runVigil(['--version'])).toMatchObject({ status: 0, stdout: `vigil ${version}\n` });
  });

  it('exits 2 with a message on stderr for bad usage', async () => {
    for (const args of [[], ['frobnicate'], ['--bogus', 'serve'], ['--data-dir'], ['serve', '--port', 'abc'], ['serve', '--nope']]) {
      const result = await runVigil(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^vigil: /);
      expect(result.stdout).toBe('');
    }
  });

  it('refuses a non-loopback address without --allow-remote (exit 2)', async () => {
    const result = await runVigil(['--data-dir', tempDir(), 'serve', '--host', '0.0.0.0', '--port', '0', '--ui', uiFolder(), '--no-open']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--allow-remote/);
  });

  it('exits 1 naming the field when config.json is invalid, and leaves it alone', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'config.json'), '{"server":{"port":"high"}}');
    const result = await runVigil(['--data-dir', dataDir, 'serve', '--ui', uiFolder(), '--no-open']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/server\.port/);
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toBe('{"server":{"port":"high"}}');
  });

  it('exits 1 explaining how to build when the UI is missing', async () => {
    const result = await runVigil(['--data-dir', tempDir(), 'serve', '--ui', join(tempDir(), 'nothing'), '--no-open']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/npm run build/);
  });

  it('serve prints one URL with the token, serves it, and shuts down cleanly on SIGTERM', async () => {
    const dataDir = tempDir();
    const { child, match, output } = await startVigil(
      ['--data-dir', dataDir, 'serve', '--port', '0', '--ui', uiFolder(), '--no-open'],
      /Vigil is running at (http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)\n/,
    );
    try {
      const [, origin, token] = match;
      expect((await fetch(`${origin}/`)).status).toBe(200);
      const call = (auth: Record<string, string>) =>
        fetch(`${origin}/api/v1/rpc`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: '{"method":"app.info"}' });
      expect((await call({})).status).toBe(401);
      expect((await call({ authorization: `Bearer ${token}` })).status).toBe(200);
      expect(readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()).toBe(token);
    } finally {
      child.kill('SIGTERM');
    }
    const [status] = await once(child, 'exit');
    expect(status).toBe(0);
    expect(output()).toMatch(/shutting down/);
  });
});
