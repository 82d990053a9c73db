import { adoptTokenFromFragment } from './browser-token';

// Imported first by main.tsx, so the token leaves the address bar before any store reads the route.
if (!(globalThis as { vigil?: unknown }).vigil) adoptTokenFromFragment();
