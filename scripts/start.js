// `npm start`: builds and opens the desktop app, or explains how to use the browser UI when the
// Electron binary is not available on this machine.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));

function binaryPresent() {
  const pathFile = join(electronDir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

if (!binaryPresent()) {
  console.log('Vigil: fetching the Electron binary (first start only)…');
  spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'ignore' });
}

if (!binaryPresent()) {
  console.error(
    [
      'Vigil: the Electron binary could not be downloaded, so the desktop window cannot open on this machine.',
      'Run the same app in your browser instead:  npm run serve',
      `(To retry the download later: node ${join('node_modules', 'electron', 'install.js')})`,
    ].join('\n'),
  );
  process.exit(1);
}

const result = spawnSync('npx', ['electron-vite', 'preview'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
