import { create } from 'zustand';

export const pages = ['overview', 'metrics', 'drift', 'alerts', 'backups', 'settings'] as const;
export type Page = (typeof pages)[number];

function pageFromHash(): Page {
  const name = location.hash.replace(/^#\/?/, '');
  return (pages as readonly string[]).includes(name) ? (name as Page) : 'overview';
}

interface NavigationStore {
  page: Page;
  go(page: Page): void;
}

/** The current page lives in the URL hash, so reloads and links keep it. */
export const useNavigation = create<NavigationStore>((set) => {
  addEventListener('hashchange', () => set({ page: pageFromHash() }));
  return {
    page: pageFromHash(),
    go(page) {
      location.hash = `/${page}`;
      set({ page });
    },
  };
});
