import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Config, describeConfigIssues } from '../shared/config';
import { deepMerge, isPlainObject } from '../shared/deep-partial';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const configFileName = 'config.json';

/**
 * The config file of one data directory. The file keeps only the keys the user wrote or changed;
 * everything else takes its default at load.
 */
export class ConfigFile {
  readonly path: string;
  private raw: Record<string, unknown>;
  private current: Config;

  private constructor(path: string, raw: Record<string, unknown>, config: Config) {
    this.path = path;
    this.raw = raw;
    this.current = config;
  }

  /** Loads the file, creating it with an empty object (all defaults) when absent. Never rewrites an invalid file. */
  static load(dataDir: string): ConfigFile {
    const path = join(dataDir, configFileName);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`);
      }
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      writeAtomically(path, '{}\n');
      return new ConfigFile(path, {}, Config.parse({}));
    }
    const raw = parseJson(path, text);
    return new ConfigFile(path, raw, validate(path, raw));
  }

  get value(): Config {
    return this.current;
  }

  /** Merges `patch` into the file's own keys, validates, and saves atomically. An invalid patch changes nothing. */
  update(patch: unknown): Config {
    if (!isPlainObject(patch)) throw new ConfigError('a config change must be an object');
    const raw = deepMerge(this.raw, patch) as Record<string, unknown>;
    const config = validate('the change', raw);
    writeAtomically(this.path, JSON.stringify(raw, null, 2) + '\n');
    this.raw = raw;
    this.current = config;
    return config;
  }
}

function parseJson(path: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}. The file was left untouched.`);
  }
  if (!isPlainObject(value)) throw new ConfigError(`${path} must hold a JSON object. The file was left untouched.`);
  return value;
}

function validate(where: string, raw: unknown): Config {
  const parsed = Config.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`invalid config in ${where}:\n${describeConfigIssues(parsed.error)}`);
  }
  return parsed.data;
}

/** Temp file in the same folder, fsync, rename over, fsync the folder: a crash leaves the old or the new file. */
export function writeAtomically(path: string, text: string, mode = 0o600): void {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(dirname(path));
}

/** Makes a rename in `folder` durable. */
export function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot open or fsync a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Paths in the config may start with `~`, meaning the user's home folder. */
export function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}
