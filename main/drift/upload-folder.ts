import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DatasetError } from './load/table';

export class UploadTooLarge extends Error {}

/**
 * Datasets uploaded from a browser, streamed to `<data-dir>/uploads` as `<id>--<file name>`, so a
 * run can name them by id. Uploads older than a day are removed.
 */
export class UploadFolder {
  constructor(
    readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  async save(body: Readable, fileName: string): Promise<{ id: string; name: string; bytes: number }> {
    const name = safeName(fileName);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const id = randomBytes(12).toString('base64url');
    const path = join(this.dir, `${id}--${name}`);
    let bytes = 0;
    const limit = this.maxBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > limit) done(new UploadTooLarge(`upload over ${limit} bytes`));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    return { id, name, bytes };
  }

  /** The file behind an upload id, with the name it was uploaded under. */
  async resolve(id: string): Promise<{ path: string; name: string }> {
    const entries = await readdir(this.dir).catch(() => [] as string[]);
    const entry = entries.find((e) => e.startsWith(`${id}--`));
    if (!entry) throw new DatasetError(`no upload ${id}: upload the file again`);
    return { path: join(this.dir, entry), name: entry.slice(id.length + 2) };
  }

  async prune(maxAgeMs: number, now = Date.now()): Promise<void> {
    const entries = await readdir(this.dir).catch(() => [] as string[]);
    for (const entry of entries) {
      const path = join(this.dir, entry);
      const info = await stat(path).catch(() => null);
      if (info && now - info.mtimeMs > maxAgeMs) await rm(path, { force: true });
    }
  }
}

/** The last path segment, without characters that could escape or confuse the folder. */
function safeName(fileName: string): string {
  const name = basename(fileName.replace(/\\/g, '/')).replace(/[^\w.\- ]/g, '_').slice(0, 120);
  if (!name || name === '.' || name === '..') throw new DatasetError('an upload needs a file name');
  return name;
}
