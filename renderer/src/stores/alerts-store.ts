import { create } from 'zustand';
import type { Alert, AlertTransition, Notification as Delivery, Silence } from '../../../shared/alerts';
import { api } from './api-ref';

interface AlertsStore {
  open: Alert[];
  history: { alert: Alert; transitions: AlertTransition[] }[];
  notifications: Delivery[];
  silences: Silence[];
  /** What automatic actions did, per open alert. */
  actions: Record<number, { action: string; at: number; ok: boolean; output: string }[]>;
  testing: Record<string, string>;
  error: string | null;
  load(): Promise<void>;
  acknowledge(id: number): Promise<void>;
  silence(alert: Alert, minutes: number): Promise<void>;
  /** Saves a silence; false (with the reason in `error`) when it was refused. */
  addSilence(input: { rule: string | null; resource: string | null; minutes: number; comment: string }): Promise<boolean>;
  /** Forgets a model that will not report again, resolving its alerts. */
  removeModel(model: string): Promise<void>;
  test(channel: string): Promise<void>;
  /** Reloads on every alert change, and shows the desktop channel's notices as Web Notifications. */
  follow(): () => void;
}

export const useAlerts = create<AlertsStore>((set, get) => ({
  open: [],
  history: [],
  notifications: [],
  silences: [],
  actions: {},
  testing: {},
  error: null,
  async load() {
    try {
      const [open, history, notifications, silences] = await Promise.all([
        api().call('alerts.open'),
        api().call('alerts.history', { limit: 50 }),
        api().call('alerts.notifications'),
        api().call('alerts.silences'),
      ]);
      const actions = Object.fromEntries(await Promise.all(open.map(async (a) => [a.id, await api().call('alerts.actions', { id: a.id })] as const)));
      set({ open, history, notifications, silences, actions, error: null });
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
  async addSilence(input) {
    try {
      await api().call('alerts.silence', input);
    } catch (error) {
      set({ error: (error as Error).message });
      return false;
    }
    await get().load();
    return true;
  },
  async removeModel(model) {
    await api().call('monitor.removeModel', { model }).catch((error: Error) => set({ error: error.message }));
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
