/**
 * The headless host's admin token in the browser. The printed link carries it in the fragment
 * (`/#token=…`, or `#/drift?token=…` with a route), which is never sent over the network; the page
 * moves it to localStorage (scoped to this origin, port included) and takes it out of the address
 * bar, keeping the route. No cookie ever holds it: cookies go to every port of the host.
 */
import { splitFragment } from './split-fragment';

const storageKey = 'vigil.token';
/** The shape of the tokens the host makes; anything else in a link (a typo, a route parameter) never replaces a stored token. */
const tokenShape = /^[A-Za-z0-9_-]{32,}$/;

/**
 * Moves a token from the fragment to storage and rewrites the address bar without it. Any page
 * can open a link to this origin: a token that would replace the stored one is kept only if the
 * host accepts it (then the page reloads to use it), so a made-up link cannot log the user out.
 */
export function adoptTokenFromFragment(): void {
  const { route, token } = splitFragment(location.hash);
  if (token === null) return;
  history.replaceState(history.state, '', `${location.pathname}${location.search}#${route}`);
  if (!tokenShape.test(token)) return;
  const stored = localStorage.getItem(storageKey);
  if (stored === null) localStorage.setItem(storageKey, token);
  else if (stored !== token) void replaceIfAccepted(token);
}

async function replaceIfAccepted(token: string): Promise<void> {
  try {
    const res = await fetch('/api/v1/rpc', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'app.info' }),
    });
    if (!res.ok) return;
  } catch {
    return;
  }
  localStorage.setItem(storageKey, token);
  location.reload();
}

export function browserToken(): string | null {
  return localStorage.getItem(storageKey);
}
