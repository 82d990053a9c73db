import { adoptTokenFromFragment } from './browser-token';

// Imported first by main.tsx, so the token leaves the address bar before any store reads the route;
// a link pasted into an open tab changes only the fragment, so listen for that too (this listener
// runs before the router's, which was registered later).
if (!(globalThis as { vigil?: unknown }).vigil) {
  adoptTokenFromFragment();
  addEventListener('hashchange', adoptTokenFromFragment);
}
