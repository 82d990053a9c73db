import { spawnSync } from 'node:child_process';

/** Whether python3 can import every module named, so a peer figure can be measured in this run. */
export function pythonHas(...modules: string[]): boolean {
  const result = spawnSync('python3', ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: 'ignore' });
  return result.status === 0;
}

/** Runs a Python snippet and returns what it printed, or throws with its stderr. */
export function runPython(code: string, args: string[] = []): string {
  const result = spawnSync('python3', ['-c', code, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return result.stdout;
}
