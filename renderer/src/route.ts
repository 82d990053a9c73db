/**
 * The route lives in the URL fragment: `#/alerts?alert=12` opens the Alerts page on alert 12,
 * `#/backups?archive=3` and `#/drift?run=7` likewise. Anything else lands on the Overview. A
 * `token=` parameter in the fragment (the headless host's sign-in link) is never part of a route.
 */
export const pages = ['overview', 'metrics', 'drift', 'alerts', 'backups', 'settings'] as const;
export type Page = (typeof pages)[number];

export interface Route {
  page: Page;
  params: Record<string, string>;
}

export function parseRoute(hash: string): Route {
  const fragment = hash.replace(/^#/, '');
  const queryAt = fragment.indexOf('?');
  let path = queryAt === -1 ? fragment : fragment.slice(0, queryAt);
  let query = queryAt === -1 ? '' : fragment.slice(queryAt + 1);
  // A fragment of parameters only (`#token=…`, or `#token=…&/alerts?…` is not a route we make).
  if (!path.startsWith('/') && path.includes('=')) {
    query = query ? `${path}&${query}` : path;
    path = '';
  }
  const name = path.replace(/^\/+|\/+$/g, '');
  const page = (pages as readonly string[]).includes(name) ? (name as Page) : 'overview';
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) if (key !== 'token') params[key] = value;
  return { page, params };
}

export function routeHash(page: Page, params: Record<string, string> = {}): string {
  const query = new URLSearchParams(params).toString();
  return `#/${page}${query ? `?${query}` : ''}`;
}

/** A positive integer id from a route parameter, or null when absent or malformed. */
export function idParam(params: Record<string, string>, name: string): number | null {
  const value = params[name];
  return value !== undefined && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : null;
}
