export interface SenderFrame {
  url: string;
  isMainFrame: boolean;
}

/**
 * An IPC message is ours only when it comes from the main frame of a page served from the
 * renderer's own origin (the built files, or the dev server while developing).
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, rendererUrl: string): boolean {
  if (!frame || !frame.isMainFrame) return false;
  let sender: URL;
  let expected: URL;
  try {
    sender = new URL(frame.url);
    expected = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (expected.protocol === 'file:') return sender.protocol === 'file:' && sender.pathname === expected.pathname;
  return sender.origin === expected.origin;
}
