import { describe, expect, it } from 'vitest';
import type { BrowserWindow, IpcMain } from 'electron';
import { forwardEvents, registerIpc } from '../../../../main/electron/ipc';
import { EventHub } from '../../../../shared/event-hub';
import { ipcChannels } from '../../../../shared/ipc-channels';
import { ok } from '../../../../shared/result';
import { FakeBrowserWindow, FakeIpcMain } from '../../../fakes/electron';

const rendererUrl = 'app://vigil/index.html';

describe('registerIpc', () => {
  it('dispatches calls from our main frame and refuses others before dispatching', async () => {
    const ipcMain = new FakeIpcMain();
    const calls: unknown[][] = [];
    registerIpc(ipcMain as unknown as IpcMain, async (method, input) => (calls.push([method, input]), ok('done')), () => rendererUrl);

    expect(await ipcMain.invoke(ipcChannels.invoke, { url: rendererUrl, parent: null }, 'app.info', undefined)).toEqual(ok('done'));
    expect(calls).toEqual([['app.info', undefined]]);

    const fromSubframe = await ipcMain.invoke(ipcChannels.invoke, { url: rendererUrl, parent: {} }, 'config.update', {});
    const fromElsewhere = await ipcMain.invoke(ipcChannels.invoke, { url: 'https://example.com/', parent: null }, 'config.update', {});
    const noFrame = await ipcMain.invoke(ipcChannels.invoke, null, 'config.update', {});
    for (const result of [fromSubframe, fromElsewhere, noFrame]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    expect(calls).toHaveLength(1);
  });

  it('answers backup.pickFolder with the native dialog, for our main frame only; without one the call is dispatched', async () => {
    const ipcMain = new FakeIpcMain();
    const dispatched: unknown[] = [];
    let picked: string | null = '/home/me/notebooks';
    registerIpc(ipcMain as unknown as IpcMain, async (method) => (dispatched.push(method), ok('dispatched')), () => rendererUrl, async () => picked);
    expect(await ipcMain.invoke(ipcChannels.invoke, { url: rendererUrl, parent: null }, 'backup.pickFolder', undefined)).toEqual(ok({ path: '/home/me/notebooks' }));
    picked = null;
    expect(await ipcMain.invoke(ipcChannels.invoke, { url: rendererUrl, parent: null }, 'backup.pickFolder', undefined)).toEqual(ok({ path: null }));
    expect(await ipcMain.invoke(ipcChannels.invoke, { url: 'https://example.com/', parent: null }, 'backup.pickFolder', undefined)).toMatchObject({ ok: false });
    expect(dispatched).toEqual([]);

    const plain = new FakeIpcMain();
    registerIpc(plain as unknown as IpcMain, async (method) => (dispatched.push(method), ok('dispatched')), () => rendererUrl);
    expect(await plain.invoke(ipcChannels.invoke, { url: rendererUrl, parent: null }, 'backup.pickFolder', undefined)).toEqual(ok('dispatched'));
  });

  it('can be unregistered', () => {
    const ipcMain = new FakeIpcMain();
    const off = registerIpc(ipcMain as unknown as IpcMain, async () => ok(null), () => rendererUrl);
    off();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('forwardEvents', () => {
  it('sends contract events to the window, and skips a destroyed or missing one', () => {
    const events = new EventHub();
    const window = new FakeBrowserWindow();
    let current: FakeBrowserWindow | null = window;
    forwardEvents(events, () => current as unknown as BrowserWindow | null);

    const progress = { runId: 'r', phase: 'testing' as const, done: 1, total: 2 };
    events.emit('drift.progress', progress);
    expect(window.webContents.sent).toEqual([{ channel: ipcChannels.event, args: [{ event: 'drift.progress', payload: progress }] }]);

    window.destroyed = true;
    events.emit('drift.progress', progress);
    current = null;
    events.emit('drift.progress', progress);
    expect(window.webContents.sent).toHaveLength(1);
  });
});
