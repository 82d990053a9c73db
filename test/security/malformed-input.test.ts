import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestServer } from '../../main/server/ingest-server';
import { ScopedTokens } from '../../main/server/token';
import { rawExchange } from '../helpers/raw-exchange';
import { startTestHost, type TestHost } from '../helpers/running-host';
import { seededRandom, type SeededRandom } from '../helpers/seeded-random';

const seed = Number(process.env.VIGIL_FUZZ_SEED ?? 20261130);

/** Runs `jobs` with at most `width` in flight. */
async function inParallel(jobs: (() => Promise<unknown>)[], width: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) await jobs[next++]!();
  }));
}

/** Valid requests of every kind the host takes, as the starting points for mutation. */
function validRequests(host: TestHost, port: number): string[] {
  const body = (text: string) => `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
  const h = `Host: 127.0.0.1:${port}\r\n`;
  return [
    `GET / HTTP/1.1\r\n${h}\r\n`,
    `GET /assets/app.js HTTP/1.1\r\n${h}Connection: close\r\n\r\n`,
    `GET /?token=${host.token} HTTP/1.1\r\n${h}\r\n`,
    `GET /metrics HTTP/1.1\r\n${h}Authorization: Bearer ${host.tokens.metrics}\r\n\r\n`,
    `POST /api/v1/rpc HTTP/1.1\r\n${h}Authorization: Bearer ${host.token}\r\nContent-Type: application/json\r\n${body('{"method":"alerts.open"}')}`,
    `POST /api/v1/ingest HTTP/1.1\r\n${h}Authorization: Bearer ${host.tokens.ingest}\r\nContent-Type: application/json\r\n${body('{"model":"fuzz","predictions":1}')}`,
    `POST /api/v1/uploads?name=a.csv HTTP/1.1\r\n${h}Authorization: Bearer ${host.token}\r\n${body('x,y\n1,2\n')}`,
    `GET /api/ws HTTP/1.1\r\n${h}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Protocol: vigil, vigil.bearer.${host.token}\r\n\r\n`,
  ];
}

/** The known killers first, then pieces that break parsers. */
const nasty = ['//', '/%', '/%zz', '/%00', '*', 'http://[', '//evil.example/', '/\u0000', '/..%2f..%2f', '/%E0%A4%A', '/?token=%', '/' + 'a'.repeat(9000)];
const nastyHeaders = ['Cookie: vigil_token=%', 'Cookie: %=%; vigil_token', 'Host: [', 'Host: ', 'Authorization: Bearer', 'Authorization: bearer %', 'Content-Length: -1', 'Content-Length: 99999999999999999999',
  'Content-Length: 1, 2', 'Transfer-Encoding: chunked, identity', 'Transfer-Encoding: chunked', 'Content-Type: application/json; charset=%', 'Sec-WebSocket-Protocol: ,,,', 'Origin: null', 'Upgrade: websocket', 'Expect: 100-continue', 'X: \u00ff\u0000'];

function mutate(random: SeededRandom, request: string): Buffer {
  let text = request;
  const edits = 1 + random.int(4);
  for (let i = 0; i < edits; i++) {
    const at = random.int(text.length + 1);
    switch (random.int(8)) {
      case 0: text = text.slice(0, at) + text.slice(at + 1 + random.int(8)); break;
      case 1: text = text.slice(0, at) + random.bytes(1 + random.int(16)).toString('latin1') + text.slice(at); break;
      case 2: text = text.replace(/^(\S+) (\S+)/, (_, m) => `${m} ${random.pick(nasty)}`); break;
      case 3: text = text.replace('\r\n', `\r\n${random.pick(nastyHeaders)}\r\n`); break;
      case 4: text = text.slice(0, at); break;
      case 5: text = text.replace(/\r\n/g, random.pick(['\n', '\r', '\r\n\r\n', ' \r\n'])); break;
      case 6: text = text.replace(/^\S+/, random.pick(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'PRI', 'G\u0000T', ''])); break;
      default: text = text.replace(/HTTP\/1\.1/, random.pick(['HTTP/1.0', 'HTTP/9.9', 'HTTP/1.1 x', 'HTTP', ''])); break;
    }
  }
  return Buffer.from(text, 'latin1');
}

/** One client frame: masked unless told otherwise, with any opcode, flags and declared length. */
function frame(opcode: number, payload: Buffer, options: { fin?: boolean; rsv?: number; masked?: boolean; declared?: number } = {}): Buffer {
  const { fin = true, rsv = 0, masked = true } = options;
  const length = options.declared ?? payload.length;
  const head = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const maskBit = masked ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) {
    head.push(maskBit | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(length);
  } else {
    head.push(maskBit | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(BigInt(length));
  }
  const key = masked ? randomBytes(4) : Buffer.alloc(0);
  const body = Buffer.from(payload.map((b, i) => (masked ? b ^ key[i % 4]! : b)));
  return Buffer.concat([Buffer.from(head), extended, key, body]);
}

function randomFrame(random: SeededRandom): Buffer {
  const json = () => Buffer.from(random.pick([
    '{"type":"invoke","id":1,"method":"alerts.open"}', '{"type":"invoke","id":1e400,"method":"app.info"}', '{"type":"invoke","id":-1}', '{"type":"subscribe","event":"__proto__"}',
    '{"type":"unsubscribe","event":"monitor.sample"}', 'null', '[]', '42', '"x"', '{"type":"invoke","id":2,"method":"config.update","input":{"monitor":{"gpu":{"nvidiaSmi":"/bin/sh"}}}}',
    '{"__proto__":{"type":"invoke"}}', '{"type":"invoke","id":3,"method":"drift.columns","input":{"reference":{"path":"/etc/passwd"},"current":{"path":"/etc/shadow"}}}', '{',
  ]));
  switch (random.int(10)) {
    case 0: return frame(1, json());
    case 1: return frame(1, Buffer.from([0xc3, 0x28, 0xff, 0xfe])); // invalid UTF-8
    case 2: return frame(random.pick([3, 4, 5, 6, 7, 11, 12, 13, 14, 15]), json()); // reserved opcodes
    case 3: return frame(1, json(), { rsv: 1 + random.int(7) });
    case 4: return frame(1, json(), { masked: false });
    case 5: return frame(9, random.bytes(126 + random.int(50))); // control frame over 125 bytes
    case 6: return frame(8, random.bytes(1 + random.int(3))); // close with a broken code
    case 7: return frame(0, json()); // continuation with nothing to continue
    case 8: return frame(1, Buffer.alloc(0), { declared: random.pick([2 * 1024 * 1024, 2 ** 53, 65536]) });
    default: return Buffer.concat([frame(2, random.bytes(random.int(64))), random.bytes(random.int(32))]);
  }
}

/** Opens a WebSocket by hand (so anything can follow the handshake), writes the frames, waits for the close. */
function framesOnOneConnection(port: number, token: string, frames: Buffer[]): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let upgraded = false;
    let opened = false;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(opened);
    };
    const timer = setTimeout(done, 1500);
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () =>
      socket.write(`GET /api/ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Protocol: vigil, vigil.bearer.${token}\r\n\r\n`),
    );
    socket.on('data', (chunk) => {
      if (upgraded) return;
      upgraded = true;
      if (!chunk.toString('latin1').startsWith('HTTP/1.1 101')) return done();
      opened = true;
      for (const f of frames) socket.write(f);
    });
  });
}

describe('nothing kills the host', () => {
  let host: TestHost;
  let ingest: { port: number; close(): Promise<void> };
  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => crashes.push(error);

  beforeAll(async () => {
    process.on('uncaughtException', onCrash);
    host = await startTestHost({ config: { monitor: { intervalMs: 60_000, gpu: { enabled: false } } } });
    ingest = await startIngestServer({ monitor: host.app.monitor, tokens: new ScopedTokens(host.dataDir), port: 0 });
    const silence = await host.app.dispatch('alerts.silence', { rule: 'disk', resource: '/data', minutes: 60, comment: 'before the fuzz' });
    expect(silence.ok).toBe(true);
  });
  afterAll(async () => {
    process.off('uncaughtException', onCrash);
    await ingest?.close();
    await host?.stop();
  });

  it('survives the requests that used to crash it: a `//` upgrade and a `%` cookie, on both listeners', async () => {
    const port = host.host.port;
    const upgrade = (p: number) => `GET // HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`;
    expect(await rawExchange(port, upgrade(port))).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawExchange(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: vigil_token=%\r\n\r\n`)).toMatch(/^HTTP\/1\.1 200/);
    expect(await rawExchange(port, `GET // HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawExchange(ingest.port, upgrade(ingest.port))).toMatch(/^HTTP\/1\.1 404/);
    expect(await rawExchange(ingest.port, `POST // HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${host.tokens.ingest}\r\nCookie: vigil_token=%\r\n\r\n`)).toMatch(/^HTTP\/1\.1 404/);
    expect(crashes).toEqual([]);
  });

  it(`answers a valid request and keeps the database intact after thousands of malformed requests and frames (seed ${seed})`, async () => {
    const random = seededRandom(seed);
    const configBefore = readFileSync(join(host.dataDir, 'config.json'), 'utf8');
    const hostValid = validRequests(host, host.host.port);
    const ingestValid = validRequests(host, ingest.port).filter((r) => r.includes('/api/v1/ingest'));
    const jobs: (() => Promise<unknown>)[] = [];
    for (let i = 0; i < 3000; i++) {
      const bytes = random.next() < 0.1 ? random.bytes(1 + random.int(300)) : mutate(random, random.pick(hostValid));
      jobs.push(() => rawExchange(host.host.port, bytes, 300, true));
    }
    for (let i = 0; i < 500; i++) {
      const bytes = mutate(random, random.pick(ingestValid));
      jobs.push(() => rawExchange(ingest.port, bytes, 300, true));
    }
    let sockets = 0;
    for (let i = 0; i < 500; i++) {
      const frames = Array.from({ length: 4 }, () => randomFrame(random));
      jobs.push(async () => {
        if (await framesOnOneConnection(host.host.port, host.token, frames)) sockets++;
      });
    }
    await inParallel(jobs, 48);
    expect(crashes).toEqual([]);
    expect(sockets, 'the frames reached an open WebSocket').toBe(500);

    const call = await fetch(`${host.origin}/api/v1/rpc`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'app.info' }),
    });
    expect(call.status).toBe(200);
    expect((await fetch(`${host.origin}/`)).status).toBe(200);
    const reported = await fetch(`http://127.0.0.1:${ingest.port}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.tokens.ingest}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'after-fuzz', predictions: 1 }),
    });
    expect(reported.status).toBe(202);

    expect(host.app.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const silences = host.app.db.prepare('SELECT comment FROM alert_silences').all();
    expect(silences).toEqual([{ comment: 'before the fuzz' }]);
    expect(readFileSync(join(host.dataDir, 'config.json'), 'utf8')).toBe(configBefore);
  }, 180_000);
});
