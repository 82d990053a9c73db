import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { createGunzip, gzip } from 'node:zlib';
import type { Parser, ReadEntry } from 'tar';

const gzipAsync = promisify(gzip);
/** node-tar, loaded by the first archive written or read rather than by every command. */
const loadTar = () => import('tar');
const blockBytes = 4 * 1024 * 1024;

/**
 * Gzip in parallel, as pigz does: the tar stream is cut into 4 MiB blocks, each compressed as its
 * own gzip member on zlib's thread pool, and the members are written in order. A file of
 * concatenated members is a valid .gz that gunzip, GNU tar and node:zlib read as one stream.
 */
async function* parallelGzip(source: AsyncIterable<Buffer>, level: number): AsyncGenerator<Buffer> {
  const parallel = Math.max(2, availableParallelism());
  const pending: Promise<Buffer>[] = [];
  let block: Buffer[] = [];
  let size = 0;
  const seal = () => {
    pending.push(gzipAsync(Buffer.concat(block, size), { level }));
    block = [];
    size = 0;
  };
  for await (const chunk of source) {
    block.push(chunk);
    size += chunk.length;
    if (size >= blockBytes) {
      seal();
      while (pending.length > parallel) yield await pending.shift()!;
    }
  }
  if (size > 0 || pending.length === 0) seal();
  while (pending.length) yield await pending.shift()!;
}

/**
 * Writes `paths` (relative to `root`) as tar → gzip (parallel members, off the main thread) →
 * SHA-256 in one stream to `target`, then fsyncs it. Links are stored as links; folders are not recursed
 * into (the plan lists every path it wants).
 */
export async function writeArchive(
  root: string,
  paths: string[],
  target: string,
  gzipLevel: number,
  onProgress: (done: { files: number; bytes: number }) => void = () => {},
): Promise<{ sha256: string; bytes: number; entries: Map<string, ArchivedEntry> }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const tally = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  let files = 0;
  let read = 0;
  // The uncompressed tar stream is parsed as it passes: each entry's hash is that of exactly the
  // bytes that go into the archive, with no second decompression.
  const entries = new Map<string, ArchivedEntry>();
  const tar = await loadTar();
  const parser = paths.length ? entryHasher(tar.Parser, entries) : null;
  const progress = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      read += chunk.length;
      parser?.write(chunk);
      onProgress({ files, bytes: read });
      done(null, chunk);
    },
    flush(done) {
      if (parser) parser.end(() => done());
      else done();
    },
  });
  // Nothing changed is still a valid archive: a tar of nothing is its two zero end blocks.
  // One job at a time: with more, node-tar 7 can finish a deferred hard link inside the job of
  // its target and end the stream twice ("write after end", uncaught) when the link comes last.
  // The walk already stat'ed every path, so little parallelism is lost.
  const stream = paths.length
    ? (tar.create({ cwd: root, jobs: 1, portable: true, noDirRecurse: true, follow: false, preservePaths: false, onWriteEntry: () => void files++ }, paths) as unknown as NodeJS.ReadableStream)
    : Readable.from([Buffer.alloc(1024)]);
  await pipeline(stream, progress, (source: AsyncIterable<Buffer>) => parallelGzip(source, gzipLevel), tally, createWriteStream(target, { flags: 'wx', mode: 0o600 }));
  const handle = await open(target, 'r');
  await handle.sync();
  await handle.close();
  return { sha256: hash.digest('hex'), bytes, entries };
}

/** A tar parser that records each entry with the SHA-256 of its content. */
function entryHasher(TarParser: typeof Parser, entries: Map<string, ArchivedEntry>): Parser {
  return new TarParser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      const hash = createHash('sha256');
      entry.on('data', (chunk: Buffer) => hash.update(chunk));
      entry.on('end', () =>
        entries.set(entry.path.replace(/\/$/, ''), {
          type: entry.type,
          size: entry.size ?? 0,
          sha256: entry.type === 'File' || entry.type === 'OldFile' ? hash.digest('hex') : null,
          linkpath: entry.linkpath ?? null,
        }),
      );
    },
  });
}

export interface ArchivedEntry {
  type: string;
  size: number;
  sha256: string | null;
  linkpath: string | null;
}

/** Reads an archive back: every entry with the SHA-256 of its content, and the archive's own SHA-256. */
export async function readArchive(path: string): Promise<{ sha256: string; entries: Map<string, ArchivedEntry> }> {
  const archiveHash = createHash('sha256');
  const entries = new Map<string, ArchivedEntry>();
  const parser = entryHasher((await loadTar()).Parser, entries);
  const source = createReadStream(path);
  source.on('data', (chunk) => archiveHash.update(chunk));
  let onlyZeros = true;
  const zeroCheck = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (onlyZeros && chunk.some((byte) => byte !== 0)) onlyZeros = false;
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, createGunzip(), zeroCheck, parser as unknown as NodeJS.WritableStream);
  } catch (error) {
    // node-tar calls a tar of nothing but end blocks (what an empty backup is) unrecognized.
    if (!(onlyZeros && entries.size === 0 && (error as NodeJS.ErrnoException).code === 'TAR_BAD_ARCHIVE')) throw error;
  }
  return { sha256: archiveHash.digest('hex'), entries };
}

/** The SHA-256 of a file, streamed. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
