/** Electron IPC channel names shared by main and the preload. */
export const ipcChannels = {
  invoke: 'vigil:invoke',
  event: 'vigil:event',
} as const;

/** What main sends on `ipcChannels.event`. */
export interface IpcEventMessage {
  event: string;
  payload: unknown;
}
