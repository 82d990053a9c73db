import { spawn } from 'node:child_process';

/** True when a browser could be shown to a person: a desktop OS or a Linux session with a display. */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Opens a URL in the default browser without a shell; failures are reported, never fatal. */
export function openInBrowser(url: string, platform = process.platform): void {
  const [command, args] =
    platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['explorer.exe', [url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', (error) => console.error(`could not open a browser (${error.message}); open the URL above yourself`));
  child.unref();
}
