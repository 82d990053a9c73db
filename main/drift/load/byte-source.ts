import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

export type Compression = 'gzip' | 'zstd' | null;

/** The compression a file name says (`data.csv.gz`, `log.jsonl.zst`), and the name without it. */
export function compressionOf(name: string): { compression: Compression; inner: string } {
  const lower = name.toLowerCase();
  if (lower.endsWith('.gz')) return { compression: 'gzip', inner: name.slice(0, -3) };
  if (lower.endsWith('.zst')) return { compression: 'zstd', inner: name.slice(0, -4) };
  return { compression: null, inner: name };
}

export interface ByteSource {
  /** The file's content, decompressed, in chunks as they are read. */
  chunks: AsyncIterable<Buffer>;
  /** SHA-256 of the bytes on disk (hex), once `chunks` is exhausted. */
  sha256(): string;
  close(): void;
}

/**
 * Streams a file, decompressing gzip or Zstandard on the fly (no temp file), and hashes what it read.
 * Given an opened `handle`, reads that instead of opening `path` (the caller closes it).
 */
export function openBytes(path: string, compression: Compression, handle?: FileHandle): ByteSource {
  const hash = createHash('sha256');
  const file = handle ? handle.createReadStream({ highWaterMark: 1 << 20, autoClose: false }) : createReadStream(path, { highWaterMark: 1 << 20 });
  async function* raw(): AsyncGenerator<Buffer> {
    for await (const chunk of file as AsyncIterable<Buffer>) {
      hash.update(chunk);
      yield chunk;
    }
  }
  let chunks: AsyncIterable<Buffer>;
  if (compression === 'gzip') {
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    file.on('error', (error) => gunzip.destroy(error));
    file.on('data', (chunk: string | Buffer) => hash.update(chunk));
    file.pipe(gunzip);
    chunks = gunzip;
  } else if (compression === 'zstd') {
    chunks = unzstd(raw());
  } else {
    chunks = raw();
  }
  return {
    chunks,
    sha256: () => hash.digest('hex'),
    close: () => file.destroy(),
  };
}

async function* unzstd(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const { Decompress } = await import('fzstd'); // on first use: most files are not Zstandard
  let out: Uint8Array[] = [];
  const stream = new Decompress((chunk) => out.push(chunk));
  const drain = function* () {
    for (const chunk of out) yield Buffer.from(chunk); // a copy: the decoder may reuse its window
    out = [];
  };
  for await (const chunk of input) {
    stream.push(chunk);
    yield* drain();
  }
  stream.push(new Uint8Array(0), true);
  yield* drain();
}
