import { connect } from 'node:net';

/**
 * Writes raw bytes to a port and collects what comes back until the server closes, or `waitMs`
 * passes. Resolves with the reply (possibly empty); never rejects: a reset connection is an answer too.
 * `halfClose` ends the writing side at once (fast for fuzzing; a server may then drop its answer).
 */
export function rawExchange(port: number, bytes: Buffer | string, waitMs = 1000, halfClose = false): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => (halfClose ? socket.end(bytes) : socket.write(bytes)));
  });
}
