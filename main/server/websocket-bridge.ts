import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventHub } from '../../shared/event-hub';
import { isEventName, type EventName } from '../../shared/contract';
import type { ClientMessage, ServerMessage } from '../../shared/transport';
import type { Dispatch } from '../api';
import { webSocketProtocol } from './token';

export const maxMessageBytes = 1024 * 1024;
/** A socket this far behind has stopped reading: it is cut off (the UI reconnects) rather than buffered without bound. */
export const maxBufferedBytes = 16 * 1024 * 1024;

/** Carries the contract over WebSocket: invoke → result, subscribe → events. */
export class WebSocketBridge {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxMessageBytes,
    // The browser offers `vigil` beside `vigil.bearer.TOKEN`; the answer names only `vigil`.
    handleProtocols: (offered) => (offered.has(webSocketProtocol) ? webSocketProtocol : false),
  });
  /** The event being delivered, serialized once for every socket subscribed to it; cleared after that emit. */
  private encoded: { event: EventName; payload: unknown; text: string } | null = null;

  constructor(
    private readonly dispatch: Dispatch,
    private readonly events: EventHub,
  ) {
    this.wss.on('connection', (socket) => this.serve(socket));
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  close(): void {
    for (const client of this.wss.clients) client.close(1001, 'server shutting down');
    this.wss.close();
  }

  private deliver(socket: WebSocket, event: EventName, payload: unknown): void {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > maxBufferedBytes) return void socket.terminate();
    socket.send(this.encodeEvent(event, payload));
  }

  private encodeEvent(event: EventName, payload: unknown): string {
    if (this.encoded?.event === event && this.encoded.payload === payload) return this.encoded.text;
    const text = JSON.stringify({ type: 'event', event, payload } satisfies ServerMessage);
    this.encoded = { event, payload, text };
    queueMicrotask(() => (this.encoded = null));
    return text;
  }

  private serve(socket: WebSocket): void {
    const subscriptions = new Map<EventName, () => void>();
    const send = (message: ServerMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    // Malformed frames (bad UTF-8, oversized, reserved bits) arrive as 'error': close that one connection.
    socket.on('error', () => socket.terminate());
    socket.on('message', async (data, isBinary) => {
      let message: ClientMessage;
      try {
        if (isBinary) throw new Error('binary');
        message = JSON.parse(String(data)) as ClientMessage;
      } catch {
        socket.close(1003, 'messages must be JSON text');
        return;
      }
      if (typeof message !== 'object' || message === null) {
        socket.close(1008, 'unknown message');
      } else if (message.type === 'invoke' && Number.isSafeInteger(message.id)) {
        send({ type: 'result', id: message.id, result: await this.dispatch(message.method, message.input) });
      } else if (message.type === 'subscribe' && isEventName(message.event)) {
        const event = message.event;
        if (!subscriptions.has(event)) {
          subscriptions.set(event, this.events.on(event, (payload) => this.deliver(socket, event, payload)));
        }
      } else if (message.type === 'unsubscribe' && isEventName(message.event)) {
        subscriptions.get(message.event)?.();
        subscriptions.delete(message.event);
      } else {
        socket.close(1008, 'unknown message');
      }
    });
    socket.on('close', () => {
      for (const off of subscriptions.values()) off();
      subscriptions.clear();
    });
  }
}
