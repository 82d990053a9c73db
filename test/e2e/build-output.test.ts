import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../helpers/dataset-files';

const out = (path: string) => fileURLToPath(new URL(`../../out/${path}`, import.meta.url));

// What `npm run build` leaves is what Electron runs; these check it without the Electron binary.
describe('the electron-vite build', () => {
  it('emits main, the worker entries, one preload bundle and the renderer', () => {
    for (const path of ['main/index.js', 'main/drift-worker.js', 'preload/index.cjs', 'renderer/index.html']) {
      expect(existsSync(out(path)), path).toBe(true);
    }
  });

  it('bundles the preload into one file that requires nothing but electron, as a sandbox demands', () => {
    const preload = readFileSync(out('preload/index.cjs'), 'utf8');
    expect([...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).toMatch(/exposeInMainWorld\(\s*["']vigil["']/);
  });

  it('runs the bundled drift worker in a worker thread', async () => {
    const path = writeCsv('w.csv', ['x', 'c'], [[1, 'a'], [2, 'b']]);
    const worker = new Worker(out('main/drift-worker.js'));
    try {
      const reply = await new Promise<{ ok: boolean; value: { rows: number; columns: { name: string; kind: string }[] } }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ id: 1, type: 'load', path, name: 'w.csv' });
      });
      expect(reply.ok).toBe(true);
      expect(reply.value.rows).toBe(2);
      expect(reply.value.columns.map((c) => [c.name, c.kind])).toEqual([['x', 'numeric'], ['c', 'categorical']]);
    } finally {
      await worker.terminate();
    }
  });
});
