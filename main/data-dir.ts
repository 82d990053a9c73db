import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$XDG_DATA_HOME/vigil`, else `~/.local/share/vigil`: the headless host's and CLI's default. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(base, 'vigil');
}
