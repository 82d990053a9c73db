import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nodeAbi from 'node-abi';

export interface InstalledElectron {
  version: string;
  /** NODE_MODULE_VERSION of this Electron, or null when node-abi does not know the version yet. */
  abi: number | null;
  /** The Electron executable, or null when `npm install` could not download it. */
  binary: string | null;
}

/** The `electron` package of the project, read from disk (nothing is started). */
export function installedElectron(projectRoot: string): InstalledElectron | null {
  let dir: string;
  try {
    dir = dirname(createRequire(join(projectRoot, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  let abi: number | null = null;
  try {
    abi = Number(nodeAbi.getAbi(version, 'electron'));
  } catch {
    abi = null;
  }
  let binary: string | null = null;
  try {
    const candidate = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    if (existsSync(candidate)) binary = candidate;
  } catch {
    binary = null;
  }
  return { version, abi, binary };
}
