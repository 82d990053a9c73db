import type { EventName } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import type { ClientMessage, ServerMessage, Transport } from '../../../shared/transport';

/** The part of the WebSocket API this transport uses: the browser's, or the `ws` package's in tests. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface WebSocketTransportOptions {
  url: string;
  /** Subprotocols offered on the handshake; the browser's way to carry the token (see bearerProtocols). */
  protocols?: string[];
  createSocket?: (url: string, protocols: string[]) => SocketLike;
  onStateChange?: (state: ConnectionState) => void;
  /** Longest wait between reconnection attempts. */
  maxBackoffMs?: number;
}

export interface WebSocketTransport extends Transport {
  close(): void;
}

const OPEN = 1;

/**
 * A browser cannot set headers on a WebSocket handshake and a token in the URL ends up in logs, so
 * the token rides in `Sec-WebSocket-Protocol`; the host answers with plain `vigil`.
 */
export function bearerProtocols(token: string): string[] {
  return ['vigil', `vigil.bearer.${token}`];
}

/**
 * The contract over one WebSocket. Calls made while disconnected wait for the connection; calls
 * in flight when it drops fail with `unavailable`. It reconnects with backoff and re-subscribes.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const createSocket = options.createSocket ?? ((url: string, protocols: string[]) => new WebSocket(url, protocols) as unknown as SocketLike);
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const queued: ClientMessage[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: SocketLike;
  let closedByUser = false;
  let backoff = 250;

  const send = (message: ClientMessage) => {
    if (socket.readyState === OPEN) socket.send(JSON.stringify(message));
    else queued.push(message);
  };

  const connect = () => {
    options.onStateChange?.('connecting');
    socket = createSocket(options.url, options.protocols ?? []);
    socket.onopen = () => {
      backoff = 250;
      options.onStateChange?.('open');
      for (const event of listeners.keys()) socket.send(JSON.stringify({ type: 'subscribe', event }));
      for (const message of queued.splice(0)) socket.send(JSON.stringify(message));
    };
    socket.onmessage = ({ data }) => {
      const message = JSON.parse(String(data)) as ServerMessage;
      if (message.type === 'result') {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      } else if (message.type === 'event') {
        for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
      }
    };
    socket.onerror = () => {};
    socket.onclose = () => {
      options.onStateChange?.('closed');
      for (const resolve of pending.values()) {
        resolve({ ok: false, error: { code: 'unavailable', message: 'the connection to Vigil was lost' } });
      }
      pending.clear();
      queued.length = 0;
      if (!closedByUser) {
        setTimeout(connect, backoff);
        backoff = Math.min(backoff * 2, options.maxBackoffMs ?? 5000);
      }
    };
  };
  connect();

  return {
    invoke(method, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        send({ type: 'invoke', id, method, input });
      });
    },
    subscribe(event: EventName, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
        if (socket.readyState === OPEN) send({ type: 'subscribe', event });
      }
      set.add(listener as (payload: unknown) => void);
      return () => {
        set.delete(listener as (payload: unknown) => void);
        if (set.size === 0) {
          listeners.delete(event);
          if (socket.readyState === OPEN) send({ type: 'unsubscribe', event });
        }
      };
    },
    close() {
      closedByUser = true;
      socket.close();
    },
  };
}
