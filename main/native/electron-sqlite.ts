import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readModuleAbi } from './module-abi';

/**
 * better-sqlite3 is a native module, built for one ABI. Node keeps the copy `npm install` builds
 * (node_modules/better-sqlite3/build/Release); the Electron main process loads its own copy, built
 * for Electron's ABI and kept apart under node_modules/.cache/vigil/electron-v<ABI>/, through
 * better-sqlite3's `nativeBinding` option. Neither runtime ever loads, or overwrites, the other's.
 */
export const bindingFileName = 'better_sqlite3.node';

export function electronBindingDir(projectRoot: string, abi: number): string {
  return join(projectRoot, 'node_modules', '.cache', 'vigil', `electron-v${abi}`);
}

export function electronBindingPath(projectRoot: string, abi: number): string {
  return join(electronBindingDir(projectRoot, abi), bindingFileName);
}

/** Where an installer (electron-builder's extraResources) puts it, outside the asar. */
export function packagedBindingPath(resourcesPath: string, abi: number): string {
  return join(resourcesPath, 'sqlite', `electron-v${abi}`, bindingFileName);
}

export function nodeBindingPath(projectRoot: string): string {
  const sqliteDir = dirname(createRequire(join(projectRoot, 'package.json')).resolve('better-sqlite3/package.json'));
  return join(sqliteDir, 'build', 'Release', bindingFileName);
}

export type BindingState =
  | { state: 'ok'; path: string; abi: number }
  | { state: 'missing'; path: string }
  | { state: 'wrong-abi'; path: string; abi: number | null; expected: number }
  | { state: 'unreadable'; path: string; error: string };

/** Whether the file at `path` is a Node addon built for `expected`, read without loading it. */
export function checkBinding(path: string, expected: number): BindingState {
  if (!existsSync(path)) return { state: 'missing', path };
  try {
    const { abi } = readModuleAbi(path);
    return abi === expected ? { state: 'ok', path, abi } : { state: 'wrong-abi', path, abi, expected };
  } catch (error) {
    return { state: 'unreadable', path, error: (error as Error).message };
  }
}

export function describeBinding(state: BindingState): string {
  switch (state.state) {
    case 'ok':
      return `${state.path} (ABI ${state.abi})`;
    case 'missing':
      return `${state.path} does not exist`;
    case 'wrong-abi':
      return `${state.path} is built for ${state.abi === null ? 'no Node ABI' : `ABI ${state.abi}`}, not ${state.expected}`;
    case 'unreadable':
      return state.error;
  }
}

export interface ElectronRuntime {
  /** app.isPackaged: an installer's copy, rather than `npm start` in a clone. */
  packaged: boolean;
  resourcesPath: string;
  /** app.getAppPath(): the project root under `npm start`. */
  appPath: string;
  /** process.versions.modules of the running Electron. */
  abi: number;
}

/** The binding the running Electron should load, checked (not loaded). */
export function electronBindingFor(runtime: ElectronRuntime): BindingState {
  const path = runtime.packaged ? packagedBindingPath(runtime.resourcesPath, runtime.abi) : electronBindingPath(runtime.appPath, runtime.abi);
  return checkBinding(path, runtime.abi);
}

/** What a person reads when the Electron host cannot open SQLite: what is wrong, and what to run. */
export function bindingAdvice(state: Exclude<BindingState, { state: 'ok' }>, runtime: Pick<ElectronRuntime, 'packaged' | 'abi'>): string {
  const problem = `SQLite for this Electron (ABI ${runtime.abi}) is not usable: ${describeBinding(state)}.`;
  return runtime.packaged
    ? `${problem}\nThis installation is incomplete: reinstall Vigil. (When building an installer: run \`npm run electron:sqlite\` before electron-builder.)`
    : `${problem}\nRun \`npm start\` (it fetches or builds it), or \`npm run electron:sqlite\`; \`npx vigil doctor\` shows the rest.`;
}
