import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { ipcChannels, type IpcEventMessage } from '../shared/ipc-channels';

// Exactly three functions reach the page; everything else stays in main.
contextBridge.exposeInMainWorld('vigil', {
  invoke: (method: string, input: unknown) => ipcRenderer.invoke(ipcChannels.invoke, method, input),
  subscribe: (event: string, listener: (payload: unknown) => void) => {
    const handler = (_: IpcRendererEvent, message: IpcEventMessage) => {
      if (message.event === event) listener(message.payload);
    };
    ipcRenderer.on(ipcChannels.event, handler);
    return () => {
      ipcRenderer.removeListener(ipcChannels.event, handler);
    };
  },
  getPathForFile: (file: File) => webUtils.getPathForFile(file),
});
