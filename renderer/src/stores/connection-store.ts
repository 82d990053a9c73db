import { create } from 'zustand';
import type { AppInfo } from '../../../shared/contract';
import type { ConnectionState } from '../api/websocket-transport';
import { api } from './api-ref';

interface ConnectionStore {
  state: ConnectionState;
  info: AppInfo | null;
  loadInfo(): Promise<void>;
}

export const useConnection = create<ConnectionStore>((set) => ({
  state: 'connecting',
  info: null,
  async loadInfo() {
    set({ info: await api().call('app.info') });
  },
}));
