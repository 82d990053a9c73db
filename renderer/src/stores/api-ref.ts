import type { ApiClient } from '../api/client';

let current: ApiClient | undefined;

/** The one Api client of this window, set at start-up by main.tsx. */
export function setApi(api: ApiClient): void {
  current = api;
}

export function api(): ApiClient {
  if (!current) throw new Error('the Api client is not set up yet');
  return current;
}
