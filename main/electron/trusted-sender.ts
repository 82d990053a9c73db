import { originOf } from './app-origin';

export interface SenderFrame {
  url: string;
  isMainFrame: boolean;
}

/**
 * An IPC message is ours only when it comes from the main frame of a page served from the
 * renderer's own origin: app://vigil, or the dev server while developing.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, rendererUrl: string): boolean {
  if (!frame || !frame.isMainFrame) return false;
  const expected = originOf(rendererUrl);
  return expected !== null && originOf(frame.url) === expected;
}
