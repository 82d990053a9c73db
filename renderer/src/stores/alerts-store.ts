import { create } from 'zustand';
import type { Alert, AlertTransition, Notification as Delivery } from '../../../shared/alerts';
import { api } from './api-ref';

interface AlertsStore {
  open: Alert[];
  history: { alert: Alert; transitions: AlertTransition[] }[];
  notifications: Delivery[];
  /** What automatic actions did, per open alert. */
  actions: Record<number, { action: string; at: number; ok: boolean; output: string }[]>;
  testing: Record<string, string>;
  error: string | null;
  load(): Promise<void>;
  acknowledge(id: number): Promise<void>;
  silence(alert: Alert, minutes: number): Promise<void>;
  test(channel: string): Promise<void>;
  /** Reloads on every alert change, and shows the desktop channel's notices as Web Notifications. */
  follow(): () => void;
}

export const useAlerts = create<AlertsStore>((set, get) => ({
  open: [],
  history: [],
  notifications: [],
  actions: {},
  testing: {},
  error: null,
  async load() {
    try {
      const [open, history, notifications] = await Promise.all([api().call('alerts.open'), api().call('alerts.history', { limit: 50 }), api().call('alerts.notifications')]);
      const actions = Object.fromEntries(await Promise.all(open.map(async (a) => [a.id, await api().call('alerts.actions', { id: a.id })] as const)));
      set({ open, history, notifications, actions, error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  async acknowledge(id) {
    await api().call('alerts.ack', { id }).catch((error: Error) => set({ error: error.message }));
    await get().load();
  },
  async silence(alert, minutes) {
    await api()
      .call('alerts.silence', { rule: alert.rule, resource: alert.resource, minutes, comment: 'silenced from the Alerts page' })
      .catch((error: Error) => set({ error: error.message }));
    await get().load();
  },
  async test(channel) {
    set({ testing: { ...get().testing, [channel]: 'sending…' } });
    try {
      const result = await api().call('alerts.test', { channel });
      set({ testing: { ...get().testing, [channel]: result.deliveredAt !== null ? 'delivered' : `failed: ${result.lastError}` } });
    } catch (error) {
      set({ testing: { ...get().testing, [channel]: `failed: ${(error as Error).message}` } });
    }
    await get().load();
  },
  follow() {
    const offChange = api().on('alert.changed', () => void get().load());
    const offNotify = api().on('alert.notify', (notice) => {
      if (typeof Notification !== 'undefined' && Notification.permission === 'granted') new Notification(notice.title, { body: notice.body, tag: notice.id });
    });
    return () => {
      offChange();
      offNotify();
    };
  },
}));
