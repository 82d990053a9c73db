import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The CLI and headless host as plain JavaScript, so `vigil` starts without compiling TypeScript.
// Dependencies stay external (SSR build), but zod: resolving and compiling its many small ES modules
// cost every `vigil` start about 70 ms of the main thread's CPU. Worker entries and the commands'
// chunks sit side by side, so a worker's URL is the same relative to whichever chunk starts it.
export default defineConfig({
  ssr: { noExternal: ['zod'] },
  build: {
    ssr: true,
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      input: {
        vigil: resolve(import.meta.dirname, 'main/cli/main.ts'),
        'drift-worker': resolve(import.meta.dirname, 'main/drift/drift-worker.ts'),
      },
      output: { format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
