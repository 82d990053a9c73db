import { closeSync, openSync, readSync } from 'node:fs';

/**
 * A /proc file kept open and re-read from offset 0 each time into a buffer it keeps: one read call
 * instead of open, fstat, read and close, and no allocation but the text. /proc regenerates the
 * content on every read from the start.
 *
 * The read is synchronous on purpose: these files live in kernel memory and take microseconds, while
 * an asynchronous read is a round trip through the thread pool that wakes a worker thread and then
 * the event loop, which on an idle host costs more than the read itself.
 */
export class ProcFile {
  private fd: number | null = null;
  private buffer = Buffer.alloc(16 * 1024);

  constructor(readonly path: string) {}

  read(): string {
    this.fd ??= openSync(this.path, 'r');
    try {
      let length = 0;
      for (;;) {
        const bytesRead = readSync(this.fd, this.buffer, length, this.buffer.length - length, length);
        length += bytesRead;
        if (bytesRead === 0 || length < this.buffer.length) break;
        const grown = Buffer.alloc(this.buffer.length * 2);
        this.buffer.copy(grown);
        this.buffer = grown;
      }
      return this.buffer.toString('utf8', 0, length);
    } catch (error) {
      this.close();
      throw error;
    }
  }

  close(): void {
    const fd = this.fd;
    this.fd = null;
    if (fd === null) return;
    try {
      closeSync(fd);
    } catch {
      // already gone: nothing to release
    }
  }
}
