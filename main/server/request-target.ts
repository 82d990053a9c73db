/**
 * The path and query of a request line, or null when it is not an origin-form target (`/path?q`).
 * `new URL()` on a raw target throws for inputs like `//` or `http://[`; nothing here may throw.
 */
export function parseRequestTarget(target: string | undefined): URL | null {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(`http://vigil.invalid${target}`);
  } catch {
    return null;
  }
}
