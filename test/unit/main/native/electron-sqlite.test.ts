import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bindingAdvice, electronBindingFor, electronBindingPath, nodeBindingPath, packagedBindingPath } from '../../../../main/native/electron-sqlite';
import { craftElf } from '../../../helpers/native-binaries';
import { tempDir } from '../../../helpers/temp-dir';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const nodeAbi = Number(process.versions.modules);

function place(path: string, bytes: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

describe('the SQLite binding the Electron host loads', () => {
  it('is the project’s electron-v<ABI> copy under npm start, and the unpacked resource in an installer', () => {
    const project = tempDir();
    const resources = tempDir();
    place(electronBindingPath(project, 150), craftElf([{ name: 'node_register_module_v150' }]));
    place(packagedBindingPath(resources, 150), craftElf([{ name: 'node_register_module_v150' }]));
    expect(electronBindingFor({ packaged: false, appPath: project, resourcesPath: resources, abi: 150 })).toEqual({
      state: 'ok',
      path: join(project, 'node_modules', '.cache', 'vigil', 'electron-v150', 'better_sqlite3.node'),
      abi: 150,
    });
    expect(electronBindingFor({ packaged: true, appPath: project, resourcesPath: resources, abi: 150 })).toEqual({
      state: 'ok',
      path: join(resources, 'sqlite', 'electron-v150', 'better_sqlite3.node'),
      abi: 150,
    });
  });

  it('tells a developer what to run when the copy is missing', () => {
    const runtime = { packaged: false, appPath: tempDir(), resourcesPath: tempDir(), abi: 150 };
    const state = electronBindingFor(runtime);
    expect(state.state).toBe('missing');
    if (state.state === 'ok') return;
    expect(bindingAdvice(state, runtime)).toMatch(/ABI 150\) is not usable: .*electron-v150\/better_sqlite3\.node does not exist\.\nRun `npm start`/);
  });

  it('refuses Node’s build put where Electron’s belongs, without loading it', () => {
    const resources = tempDir();
    const path = packagedBindingPath(resources, 150);
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(nodeBindingPath(repoRoot), path);
    const runtime = { packaged: true, appPath: tempDir(), resourcesPath: resources, abi: 150 };
    const state = electronBindingFor(runtime);
    expect(state).toEqual({ state: 'wrong-abi', path, abi: nodeAbi, expected: 150 });
    if (state.state === 'ok') return;
    expect(bindingAdvice(state, runtime)).toContain(`is built for ABI ${nodeAbi}, not 150.\nThis installation is incomplete: reinstall Vigil.`);
  });
});
