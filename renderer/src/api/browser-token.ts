/**
 * The headless host's admin token in the browser. The printed link carries it in the fragment
 * (`/#token=…`, or `#/drift?token=…` with a route), which is never sent over the network; the page
 * moves it to localStorage (scoped to this origin, port included) and takes it out of the address
 * bar, keeping the route. No cookie ever holds it: cookies go to every port of the host.
 */
const storageKey = 'vigil.token';

/** Moves a token from the fragment to storage and rewrites the address bar without it. */
export function adoptTokenFromFragment(): void {
  const { route, token } = splitFragment(location.hash);
  if (token === null) return;
  localStorage.setItem(storageKey, token);
  history.replaceState(history.state, '', `${location.pathname}${location.search}#${route}`);
}

export function browserToken(): string | null {
  return localStorage.getItem(storageKey);
}

/** `#token=T` → route `/`; `#/alerts?alert=7&token=T` → route `/alerts?alert=7`. */
export function splitFragment(hash: string): { route: string; token: string | null } {
  const fragment = hash.replace(/^#/, '');
  if (fragment.startsWith('token=')) {
    return { route: '/', token: new URLSearchParams(fragment).get('token') };
  }
  const question = fragment.indexOf('?');
  if (question < 0) return { route: fragment, token: null };
  const params = new URLSearchParams(fragment.slice(question + 1));
  const token = params.get('token');
  if (token === null) return { route: fragment, token: null };
  params.delete('token');
  const rest = params.toString();
  return { route: fragment.slice(0, question) + (rest ? `?${rest}` : ''), token };
}
