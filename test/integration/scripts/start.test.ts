import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { installedElectron } from '../../../main/native/installed-electron';
import { tempDir } from '../../helpers/temp-dir';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const electron = installedElectron(root)!;

function npmStart(home: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // No download leaves this machine: the Electron installer is told to skip it (as on CI).
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_MIRROR: 'http://127.0.0.1:9/' };
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

const why = 'the Electron binary is installed here, so npm start would open the app';
describe.skipIf(electron.binary !== null)(`npm start without the Electron binary${electron.binary ? ` (NOT RUN: ${why})` : ''}`, () => {
  it('runs the doctor’s checks, says what is missing, points to the browser UI and exits 1', async () => {
    const home = tempDir();
    const { status, output } = await npmStart(home);
    expect(status).toBe(1);
    expect(output).toContain('Vigil: checking this machine (the same checks as `npx vigil doctor --desktop`)…');
    expect(output).toMatch(new RegExp(`ok +data directory +${join(home, '.config', 'vigil')} `));
    expect(output).toMatch(/problem +Electron +the electron .* binary was not downloaded/);
    expect(output).toContain(`Vigil: downloading the Electron ${electron.version} binary (first start only)…`);
    expect(output).toContain(`Vigil: the Electron ${electron.version} binary could not be downloaded, so the desktop window cannot open on this machine.`);
    expect(output).toContain('Vigil: Run the same app in your browser instead:  npm run serve');
  }, 60_000);
});
