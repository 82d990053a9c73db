import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir';

/** Writes rows as a CSV file in a fresh temp folder and returns its path. */
export function writeCsv(name: string, header: string[], rows: (string | number | null)[][]): string {
  const path = join(tempDir(), name);
  const text = [header.join(','), ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(','))].join('\n');
  writeFileSync(path, text + '\n');
  return path;
}

/** A deterministic stream of uniforms in [0, 1). */
export function uniforms(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Roughly normal values (sum of four uniforms, centred), deterministic. */
export function normals(seed: number): () => number {
  const u = uniforms(seed);
  return () => (u() + u() + u() + u() - 2) * Math.sqrt(3);
}
