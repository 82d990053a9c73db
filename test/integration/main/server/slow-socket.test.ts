import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { maxBufferedBytes } from '../../../../main/server/websocket-bridge';
import { startTestHost, type TestHost } from '../../../helpers/running-host';

/** One masked client text frame, as RFC 6455 has browsers send them. */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, mask, payload.map((byte, i) => byte ^ mask[i % 4]!)]);
}

/** A WebSocket client on a bare TCP socket, so the test decides when it stops reading. */
async function rawSubscriber(host: TestHost, event: string): Promise<Socket> {
  const socket = connect(host.host.port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `GET /api/ws HTTP/1.1\r\nHost: 127.0.0.1:${host.host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${host.token}\r\n\r\n`,
  );
  socket.write(clientFrame(JSON.stringify({ type: 'subscribe', event })));
  // Messages are handled in order: once this call's result is back, the subscription stands.
  socket.write(clientFrame(JSON.stringify({ type: 'invoke', id: 1, method: 'app.info' })));
  await expect.poll(() => received.includes('"type":"result"')).toBe(true);
  socket.removeAllListeners('data');
  socket.pause();
  return socket;
}

describe('a WebSocket client that stops reading', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost({ config: { monitor: { gpu: { enabled: false } } } });
  });
  afterAll(() => host.stop());

  it('is cut off once it is far behind, while a reading client gets every event', { timeout: 60_000 }, async () => {
    const stalled = await rawSubscriber(host, 'backup.progress');
    const reader = new WebSocket(`ws://127.0.0.1:${host.host.port}/api/ws`, { headers: { authorization: `Bearer ${host.token}` } });
    await new Promise((resolve) => reader.once('open', resolve));
    let delivered = 0;
    reader.on('message', (data) => String(data).includes('"backup.progress"') && delivered++);
    reader.send(JSON.stringify({ type: 'subscribe', event: 'backup.progress' }));
    reader.send(JSON.stringify({ type: 'invoke', id: 1, method: 'app.info' }));
    await new Promise((resolve) => reader.once('message', resolve));

    const events = 48;
    const detail = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < events; i++) {
      host.app.events.emit('backup.progress', { source: 'models', kind: 'full', phase: 'archiving', detail });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await expect.poll(() => delivered, { timeout: 20_000 }).toBe(events);

    // The stalled client reads again: it finds less than was sent, then the end of the connection.
    let bytes = 0;
    stalled.on('data', (chunk) => (bytes += chunk.length));
    stalled.resume();
    const closed = await Promise.race([
      new Promise((resolve) => stalled.once('close', () => resolve(true))),
      new Promise((resolve) => setTimeout(() => resolve(false), 15_000)),
    ]);
    expect(closed).toBe(true);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(events * detail.length);
    expect(bytes).toBeLessThan(maxBufferedBytes + 16 * 1024 * 1024); // what the host held, plus what the kernel's buffers took
    reader.close();
  });
});
