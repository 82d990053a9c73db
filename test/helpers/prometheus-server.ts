import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './temp-dir';

/**
 * A port free on the loopback now: Prometheus and Alertmanager cannot be told to listen on port 0,
 * so bind 0 ourselves, note the port the kernel gave, and release it for them.
 */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningDaemon {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts a Debian-packaged daemon (prometheus, prometheus-alertmanager) on a free loopback port and waits for its /-/ready. */
export async function startDaemon(binary: string, args: (port: number, dataDir: string) => string[]): Promise<RunningDaemon> {
  const port = await freeLoopbackPort();
  const dataDir = join(tempDir(), 'data');
  const child: ChildProcess = spawn(binary, args(port, dataDir), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let failed: Error | null = null;
  child.once('error', (error) => (failed = error)); // not installed: see .ci/run
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (failed) throw new Error(`${binary} could not start: ${(failed as Error).message}`);
    if (child.exitCode !== null) throw new Error(`${binary} exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`${binary} was not ready within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
