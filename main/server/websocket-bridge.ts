import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventHub } from '../../shared/event-hub';
import { isEventName, type EventName } from '../../shared/contract';
import type { ClientMessage, ServerMessage } from '../../shared/transport';
import type { Dispatch } from '../api';
import { webSocketProtocol } from './token';

export const maxMessageBytes = 1024 * 1024;

/** Carries the contract over WebSocket: invoke → result, subscribe → events. */
export class WebSocketBridge {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxMessageBytes,
    // The browser offers `vigil` beside `vigil.bearer.TOKEN`; the answer names only `vigil`.
    handleProtocols: (offered) => (offered.has(webSocketProtocol) ? webSocketProtocol : false),
  });

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
          subscriptions.set(event, this.events.on(event, (payload) => send({ type: 'event', event, payload })));
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
