/**
 * electron-vite's dev server URL, honoured only in an unpackaged development run and only on
 * loopback: in an installed app an environment variable must never decide which page gets the
 * preload bridge (and with it the right to run commands).
 */
export function devRendererUrl(env: NodeJS.ProcessEnv, isPackaged: boolean): string | undefined {
  const value = env.ELECTRON_RENDERER_URL;
  if (isPackaged || !value) return undefined;
  try {
    const url = new URL(value);
    const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
    return url.protocol === 'http:' && loopback ? value : undefined;
  } catch {
    return undefined;
  }
}
