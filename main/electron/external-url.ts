/**
 * A link the user may open in their browser: http(s) only, no credentials in it, of sane length.
 * Anything else (file:, javascript:, custom protocols that launch programs) is refused.
 */
export function safeExternalUrl(candidate: string): string | null {
  if (candidate.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || !url.hostname) return null;
  return url.href;
}
