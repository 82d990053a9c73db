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

/** Moves a token from the fragment to storage and rewrites the address bar without it. */
export function adoptTokenFromFragment(): void {
  const { route, token } = splitFragment(location.hash);
  if (token === null) return;
  if (tokenShape.test(token)) localStorage.setItem(storageKey, token);
  history.replaceState(history.state, '', `${location.pathname}${location.search}#${route}`);
}

export function browserToken(): string | null {
  return localStorage.getItem(storageKey);
}
