// `npm start`: checks this machine (the checks of `vigil doctor --desktop`), gets the Electron
// binary and Electron's own SQLite build when missing, then builds and opens the desktop app. Says
// what it is doing and, when something cannot be had, exactly what is missing and what to do.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = fileURLToPath(new URL('..', import.meta.url));
const { runDoctor } = await import('../main/doctor/checks.ts');
const { reportText } = await import('../main/doctor/report-text.ts');
const { installedElectron } = await import('../main/native/installed-electron.ts');
const { ensureElectronSqlite } = await import('../main/native/ensure-electron-sqlite.ts');
const packageJson = (await import('../package.json', { with: { type: 'json' } })).default;

const say = (line) => console.log(`Vigil: ${line}`);
const fail = (lines) => {
  console.error(lines.map((line) => `Vigil: ${line}`).join('\n'));
  process.exit(1);
};

// Electron keeps the desktop app's data in its userData folder, named after package.json.
function desktopDataDir() {
  const home = process.env.HOME ?? process.env.USERPROFILE ?? '.';
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', packageJson.name);
  if (process.platform === 'win32') return join(process.env.APPDATA ?? home, packageJson.name);
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), packageJson.name);
}

say('checking this machine (the same checks as `npx vigil doctor --desktop`)…');
const report = await runDoctor({ projectRoot: root, dataDir: desktopDataDir(), desktop: true, requiredNode: packageJson.engines.node });
process.stdout.write(reportText(report, false).replace(/^(?=.)/gm, '  '));
const electronParts = new Set(['electron', 'sqlite-electron']);
if (report.checks.some((c) => c.status === 'problem' && c.needed && !electronParts.has(c.id))) {
  fail(['fix the problems above (→ says how), then run npm start again.']);
}

let electron = installedElectron(root);
if (!electron) fail(['the electron package is not installed: run npm install.']);
if (!electron.binary) {
  say(`downloading the Electron ${electron.version} binary (first start only)…`);
  spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], { stdio: 'ignore' });
  electron = installedElectron(root);
}
if (!electron.binary) {
  fail([
    `the Electron ${electron.version} binary could not be downloaded, so the desktop window cannot open on this machine.`,
    'Run the same app in your browser instead:  npm run serve',
    `(To retry the download later: node ${join('node_modules', 'electron', 'install.js')}, then npm start.)`,
  ]);
}

try {
  await ensureElectronSqlite(root, say);
} catch (error) {
  fail([
    error.message,
    'Without it the desktop app cannot open its database. Install Python 3, make and a C++ compiler, then npm start again;',
    'or run the same app in your browser:  npm run serve',
  ]);
}

say('building and opening the desktop app (electron-vite preview)…');
const result = spawnSync('npx', ['electron-vite', 'preview'], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
