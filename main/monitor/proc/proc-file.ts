import { open, type FileHandle } from 'node:fs/promises';

/**
 * A /proc file kept open and re-read from offset 0 each time: one read call instead of open,
 * fstat, read and close, which is most of a sample's cost. /proc regenerates the content on every
 * read from the start.
 */
export class ProcFile {
  private handle: FileHandle | null = null;
  private buffer = Buffer.alloc(16 * 1024);

  constructor(readonly path: string) {}

  async read(): Promise<string> {
    this.handle ??= await open(this.path, 'r');
    try {
      let length = 0;
      for (;;) {
        const { bytesRead } = await this.handle.read(this.buffer, length, this.buffer.length - length, length);
        length += bytesRead;
        if (bytesRead === 0 || length < this.buffer.length) break;
        const grown = Buffer.alloc(this.buffer.length * 2);
        this.buffer.copy(grown);
        this.buffer = grown;
      }
      return this.buffer.toString('utf8', 0, length);
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => {});
  }
}
