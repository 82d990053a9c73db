/** The renderer is served from `app://vigil/`, never from file://. */
export const appScheme = 'app';
export const appHost = 'vigil';
export const appUrl = `${appScheme}://${appHost}/index.html`;

/** Scheme and host of a URL as one comparable string (custom schemes have an opaque `origin`). */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}
