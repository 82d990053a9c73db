import { create } from 'zustand';
import type { AppInfo } from '../../../shared/contract';
import type { Hardware } from '../../../shared/monitor';
import type { ConnectionState } from '../api/websocket-transport';
import { api } from './api-ref';

interface ConnectionStore {
  state: ConnectionState;
  info: AppInfo | null;
  hardware: Hardware | null;
  loadInfo(): Promise<void>;
}

export const useConnection = create<ConnectionStore>((set) => ({
  state: 'connecting',
  info: null,
  hardware: null,
  async loadInfo() {
    set({ info: await api().call('app.info') });
    set({ hardware: await api().call('monitor.hardware') });
  },
}));
