/**
 * Settings that run programs on the machine or widen what Vigil reads from it. They change only in
 * config.json on disk or in the desktop app (over IPC); over HTTP and WebSocket they are read-only,
 * so a leaked admin token or a browser session cannot turn Vigil into a way to run commands.
 */
export const localOnlySettings: readonly { path: readonly string[]; what: string }[] = [
  { path: ['alerts', 'actions'], what: 'automatic actions that run commands or read datasets (command, reference, current)' },
  { path: ['alerts', 'cacheFolders'], what: 'the folders clear_cache may delete in' },
  { path: ['monitor', 'gpu', 'nvidiaSmi'], what: 'the nvidia-smi program Vigil runs' },
  { path: ['drift', 'dataFolders'], what: 'the folders the browser may compare datasets from' },
  { path: ['backup', 'restoreFolders'], what: 'the folders the browser may restore backups into' },
];

export function isLocalOnlySetting(path: readonly string[]): boolean {
  return localOnlySettings.some((setting) => setting.path.every((key, i) => path[i] === key));
}

export function localOnlyNotice(configPath: string): string {
  return `Read-only in the browser: change it in ${configPath} (then restart Vigil) or in the desktop app.`;
}
