import type { Result } from '../../../shared/result';
import type { Transport } from '../../../shared/transport';

/** What the preload exposes on `window.vigil`, and nothing more. */
export interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  getPathForFile(file: File): string;
}

export function preloadBridge(): PreloadBridge | undefined {
  return (globalThis as { vigil?: PreloadBridge }).vigil;
}

export function createIpcTransport(bridge: PreloadBridge): Transport {
  return {
    invoke: (method, input) => bridge.invoke(method, input),
    subscribe: (event, listener) => bridge.subscribe(event, listener as (payload: unknown) => void),
  };
}
