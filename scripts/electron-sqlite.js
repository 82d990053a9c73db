// `npm run electron:sqlite`: puts better-sqlite3 built for the installed Electron in
// node_modules/.cache/vigil/electron-v<ABI>/ (Node's own copy is left alone). Also electron-builder's
// beforePack hook, so an installer always ships it (see electron-builder.yml).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
const archNames = ['ia32', 'x64', 'armv7l', 'arm64', 'universal']; // electron-builder's Arch enum

async function ensure(log) {
  register();
  const { ensureElectronSqlite } = await import('../main/native/ensure-electron-sqlite.ts');
  return ensureElectronSqlite(root, log);
}

export default async function beforePack(context) {
  const arch = archNames[context.arch];
  if (context.electronPlatformName !== process.platform || arch !== process.arch) {
    throw new Error(
      `Vigil's installer ships better-sqlite3 built for this machine (${process.platform}-${process.arch}); ` +
        `build the ${context.electronPlatformName}-${arch} installer on a ${context.electronPlatformName}-${arch} machine.`,
    );
  }
  await ensure((line) => console.log(`  • ${line}`));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const path = await ensure((line) => console.log(`Vigil: ${line}`));
    console.log(`Vigil: SQLite for Electron is ready: ${path}`);
  } catch (error) {
    console.error(`Vigil: ${error.message}`);
    process.exit(1);
  }
}
