import { originOf } from './app-origin';

/** The window may only ever show our own pages: the app origin (or the dev server while developing). */
export function isAllowedNavigation(url: string, rendererUrl: string): boolean {
  const target = originOf(url);
  return target !== null && target === originOf(rendererUrl);
}
