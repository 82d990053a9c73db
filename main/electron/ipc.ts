import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import type { EventHub } from '../../shared/event-hub';
import { ipcChannels, type IpcEventMessage } from '../../shared/ipc-channels';
import { fail, ok } from '../../shared/result';
import type { Dispatch } from '../api';
import { isTrustedSender } from './trusted-sender';

/**
 * Binds the contract to Electron IPC; every call is checked for its sender before it is dispatched.
 * `backup.pickFolder` is answered here, by the native folder dialog (`pickFolder`), when given.
 */
export function registerIpc(ipcMain: IpcMain, dispatch: Dispatch, rendererUrl: () => string, pickFolder?: () => Promise<string | null>): () => void {
  ipcMain.handle(ipcChannels.invoke, async (event: IpcMainInvokeEvent, method: unknown, input: unknown) => {
    const frame = event.senderFrame;
    const sender = frame ? { url: frame.url, isMainFrame: frame.parent === null } : null;
    if (!isTrustedSender(sender, rendererUrl())) return fail('invalid_request', 'IPC from an untrusted frame');
    if (method === 'backup.pickFolder' && pickFolder) return ok({ path: await pickFolder() });
    return dispatch(method, input);
  });
  return () => ipcMain.removeHandler(ipcChannels.invoke);
}

/** Forwards every contract event to the window's renderer. */
export function forwardEvents(events: EventHub, window: () => BrowserWindow | null): () => void {
  return events.onAny((event, payload) => {
    const target = window();
    if (!target || target.isDestroyed()) return;
    const message: IpcEventMessage = { event, payload };
    target.webContents.send(ipcChannels.event, message);
  });
}
