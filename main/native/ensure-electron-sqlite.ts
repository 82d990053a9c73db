import { checkBinding, describeBinding, electronBindingPath } from './electron-sqlite';
import { installedElectron } from './installed-electron';
import { obtainElectronSqlite, ObtainError, type ObtainOptions } from './obtain-electron-sqlite';

/**
 * Makes sure the project has better-sqlite3 built for its installed Electron, obtaining it when
 * missing or stale; returns its path. Used by `npm start` and before packaging.
 */
export async function ensureElectronSqlite(projectRoot: string, log: (line: string) => void, extra: Pick<ObtainOptions, 'env' | 'headersUrl'> = {}): Promise<string> {
  const electron = installedElectron(projectRoot);
  if (!electron) throw new ObtainError('the electron package is not installed: run `npm install`');
  if (electron.abi === null) {
    throw new ObtainError(`node-abi does not know Electron ${electron.version} yet: run \`npm update node-abi\``);
  }
  const path = electronBindingPath(projectRoot, electron.abi);
  const state = checkBinding(path, electron.abi);
  if (state.state === 'ok') {
    log(`SQLite for Electron ${electron.version}: ${describeBinding(state)}`);
    return path;
  }
  log(`SQLite for Electron ${electron.version}: ${state.state === 'missing' ? 'not built yet' : describeBinding(state)}; getting it (Node's own copy stays as it is).`);
  const result = await obtainElectronSqlite({ projectRoot, electronVersion: electron.version, abi: electron.abi, log, ...extra });
  log(`SQLite for Electron ${electron.version}: ${result.via === 'prebuilt' ? 'downloaded' : 'built'} ${result.path}`);
  return result.path;
}
