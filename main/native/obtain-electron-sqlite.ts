import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindingFileName, checkBinding, describeBinding, electronBindingDir } from './electron-sqlite';

export interface ObtainOptions {
  projectRoot: string;
  electronVersion: string;
  abi: number;
  platform?: NodeJS.Platform;
  arch?: string;
  /** Each step, said as it happens ("downloading…", "building…"). */
  log: (line: string) => void;
  /** The environment of prebuild-install (its mirror and cache settings are read from it). */
  env?: NodeJS.ProcessEnv;
  /** Where @electron/rebuild fetches Electron's headers (its default is Electron's own site). */
  headersUrl?: string;
}

export class ObtainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ObtainError';
  }
}

/**
 * Puts a better-sqlite3 binding built for `abi` at node_modules/.cache/vigil/electron-v<abi>/:
 * the prebuilt binary for the Electron runtime first (prebuild-install, which better-sqlite3
 * already uses), else a build from source (@electron/rebuild). Both work on a private copy of the
 * package, so Node's own build in node_modules/better-sqlite3 is never touched. The result is
 * checked (its ABI read from the file) before it is moved into place; on failure nothing is left.
 */
export async function obtainElectronSqlite(options: ObtainOptions): Promise<{ path: string; via: 'prebuilt' | 'source' }> {
  const packageDir = dirname(createRequire(join(options.projectRoot, 'package.json')).resolve('better-sqlite3/package.json'));
  const cacheDir = dirname(electronBindingDir(options.projectRoot, options.abi));
  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(join(cacheDir, 'staging-'));
  try {
    const stagedPackage = join(staging, 'node_modules', 'better-sqlite3');
    // Sources and package.json, never the build folder: a build made here is the Electron one only.
    cpSync(packageDir, stagedPackage, { recursive: true, filter: (source) => source !== join(packageDir, 'build') });
    const built = join(stagedPackage, 'build', 'Release', bindingFileName);
    const target = `better-sqlite3 for Electron ${options.electronVersion} (ABI ${options.abi}, ${options.platform ?? process.platform}-${options.arch ?? process.arch})`;

    options.log(`downloading the prebuilt ${target}…`);
    const prebuilt = await runPrebuildInstall(stagedPackage, options);
    let via: 'prebuilt' | 'source' = 'prebuilt';
    if (prebuilt !== null) {
      options.log(`no prebuilt binary (${prebuilt}); building ${target} from source with @electron/rebuild (needs Python, make and a C++ compiler; takes minutes)…`);
      const fromSource = await runElectronRebuild(staging, options);
      if (fromSource !== null) {
        throw new ObtainError(`could not get ${target}.\n  prebuilt: ${prebuilt}\n  from source: ${fromSource}`);
      }
      via = 'source';
    }
    const state = checkBinding(built, options.abi);
    if (state.state !== 'ok') throw new ObtainError(`the ${via === 'prebuilt' ? 'downloaded' : 'built'} ${target} is unusable: ${describeBinding(state)}`);

    const finalDir = electronBindingDir(options.projectRoot, options.abi);
    mkdirSync(finalDir, { recursive: true });
    const finalPath = join(finalDir, bindingFileName);
    renameSync(built, `${finalPath}.partial`);
    renameSync(`${finalPath}.partial`, finalPath);
    writeFileSync(join(finalDir, 'source.json'), `${JSON.stringify({ via, electron: options.electronVersion, abi: options.abi, at: new Date().toISOString() })}\n`);
    return { path: finalPath, via };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Runs prebuild-install in the staged package; null on success, else why it failed. */
async function runPrebuildInstall(stagedPackage: string, options: ObtainOptions): Promise<string | null> {
  let bin: string;
  try {
    bin = createRequire(join(stagedPackage, 'package.json')).resolve('prebuild-install/bin.js');
  } catch {
    bin = createRequire(join(options.projectRoot, 'package.json')).resolve('prebuild-install/bin.js');
  }
  const args = [bin, '--runtime=electron', `--target=${options.electronVersion}`, `--platform=${options.platform ?? process.platform}`, `--arch=${options.arch ?? process.arch}`];
  const { code, output } = await run(process.execPath, args, stagedPackage, options.env ?? process.env, 180_000);
  if (code === 0 && existsSync(join(stagedPackage, 'build', 'Release', bindingFileName))) return null;
  return lastLines(output) || `prebuild-install exited with ${code}`;
}

/**
 * Builds the staged package from source against Electron's headers with the electron-rebuild
 * command, in a plain Node process of its own; null on success, else why not.
 */
async function runElectronRebuild(staging: string, options: ObtainOptions): Promise<string | null> {
  let cli: string;
  try {
    cli = join(dirname(createRequire(join(options.projectRoot, 'package.json')).resolve('@electron/rebuild')), 'cli.js');
  } catch {
    return '@electron/rebuild is not installed (it is a devDependency: run `npm install` without --omit=dev)';
  }
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'vigil-electron-sqlite', private: true, dependencies: { 'better-sqlite3': '*' } }));
  const args = [cli, '--version', options.electronVersion, '--module-dir', staging, '--only', 'better-sqlite3', '--force', '--build-from-source'];
  args.push('--arch', options.arch ?? process.arch, '--platform', options.platform ?? process.platform);
  if (options.headersUrl) args.push('--dist-url', options.headersUrl);
  // An npm `nodedir` setting (npm passes it on as npm_config_nodedir) would make node-gyp compile
  // against Node's own headers and produce a Node build under an Electron name.
  const env = Object.fromEntries(Object.entries(options.env ?? process.env).filter(([key]) => key.toLowerCase() !== 'npm_config_nodedir'));
  const { code, output } = await run(process.execPath, args, staging, env, 30 * 60_000);
  if (code === 0) return null;
  // The first error node-gyp reports says why (no headers, no compiler…); the rest is its stack.
  const cause = output.split('\n').map((line) => line.trim()).find((line) => /^Error: /.test(line) && !line.includes('failed to rebuild'));
  return cause ?? (lastLines(output) || `electron-rebuild exited with ${code}`);
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: null, output: `${output}\n${error.message}` }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).map((line) => line.trim()).join(' / ');
}
