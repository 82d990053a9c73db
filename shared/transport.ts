import type { EventName, EventPayload, MethodName } from './contract';
import type { Result } from './result';

/**
 * What an Api client needs from a wire: Electron IPC, a WebSocket, or a direct in-memory call.
 * Payloads are JSON-safe, so the same contract serves every transport.
 */
export interface Transport {
  invoke(method: MethodName, input: unknown): Promise<Result<unknown>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The WebSocket wire format, shared by the headless host and the browser client. */
export type ClientMessage =
  | { type: 'invoke'; id: number; method: string; input?: unknown }
  | { type: 'subscribe'; event: string }
  | { type: 'unsubscribe'; event: string };

export type ServerMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: string; payload: unknown };
