import { create } from 'zustand';
import { pages, parseRoute, routeHash, type Page } from '../route';

export { pages, type Page };

interface NavigationStore {
  page: Page;
  /** The route's parameters: `alert`, `archive` or `run` open their page on that item. */
  params: Record<string, string>;
  go(page: Page, params?: Record<string, string>): void;
}

/** The current page lives in the URL hash, so reloads, links and notifications land on it. */
export const useNavigation = create<NavigationStore>((set) => {
  addEventListener('hashchange', () => set(parseRoute(location.hash)));
  return {
    ...parseRoute(location.hash),
    go(page, params = {}) {
      location.hash = routeHash(page, params);
      set({ page, params });
    },
  };
});
