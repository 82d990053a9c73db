import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The first Python that can import every module named, so a peer figure can be measured in this run:
 * each `python3` on PATH in order (a pyenv shim or a venv may lack pandas), then Debian's
 * `/usr/bin/python3`. Null when none can.
 */
export function pythonWith(...modules: string[]): string | null {
  const candidates = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'python3')), '/usr/bin/python3'];
  for (const python of new Set(candidates)) {
    try {
      accessSync(python, constants.X_OK);
    } catch {
      continue;
    }
    const result = spawnSync(python, ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: 'ignore' });
    if (result.status === 0) return python;
  }
  return null;
}

/** Runs a Python snippet with the given interpreter and returns what it printed, or throws with its stderr. */
export function runPython(python: string, code: string, args: string[] = []): string {
  const result = spawnSync(python, ['-c', code, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`${python} failed: ${result.stderr}`);
  return result.stdout;
}
