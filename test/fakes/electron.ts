/**
 * The one fake this project allows: the `electron` module, whose binary cannot be downloaded on
 * our machines. Only the parts main/electron uses are here.
 */
type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What Electron does when a renderer calls ipcRenderer.invoke. */
  invoke(channel: string, senderFrame: { url: string; parent: unknown } | null, ...args: unknown[]): unknown {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame }, ...args);
  }
}

export class FakeWebContents {
  readonly sent: { channel: string; args: unknown[] }[] = [];
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
}

export class FakeBrowserWindow {
  readonly webContents = new FakeWebContents();
  destroyed = false;
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export interface FakeMenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
}

export class FakeTray {
  static instances: FakeTray[] = [];
  image: string;
  tooltip = '';
  menu: FakeMenuItem[] = [];
  destroyed = false;
  private listeners = new Map<string, () => void>();
  constructor(image: { path: string }) {
    this.image = image.path;
    FakeTray.instances.push(this);
  }
  setImage(image: { path: string }) {
    this.image = image.path;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: { items: FakeMenuItem[] }) {
    this.menu = menu.items;
  }
  on(event: string, listener: () => void) {
    this.listeners.set(event, listener);
  }
  emit(event: string) {
    this.listeners.get(event)?.();
  }
  destroy() {
    this.destroyed = true;
  }
}

export const FakeMenu = { buildFromTemplate: (items: FakeMenuItem[]) => ({ items }) };
export const fakeNativeImage = { createFromPath: (path: string) => ({ path }) };

export class FakeNotification {
  static shown: FakeNotification[] = [];
  static supported = true;
  static isSupported() {
    return FakeNotification.supported;
  }
  private listeners = new Map<string, () => void>();
  constructor(readonly options: { title: string; body: string; urgency?: string }) {}
  on(event: string, listener: () => void) {
    this.listeners.set(event, listener);
  }
  show() {
    FakeNotification.shown.push(this);
  }
  click() {
    this.listeners.get('click')?.();
  }
}
