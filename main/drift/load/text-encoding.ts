import { StringDecoder } from 'node:string_decoder';
import type { ReadOptions } from '../../../shared/drift';
import { DatasetError } from './table';

export type TextEncodingName = NonNullable<ReadOptions['encoding']>;

export interface DetectedEncoding {
  encoding: TextEncodingName;
  bom: boolean;
}

/**
 * The encoding of a file from its first bytes: a byte order mark says UTF-8 or UTF-16; otherwise
 * text that is valid UTF-8 is UTF-8, and anything else is read as Latin-1 (every byte is a
 * character there, so nothing is refused or replaced).
 */
export function detectEncoding(sample: Buffer, complete: boolean): DetectedEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  try {
    // stream: true lets a character cut at the end of an incomplete sample pass.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return { encoding: 'utf-8', bom: false };
  } catch {
    return { encoding: 'latin1', bom: false };
  }
}

export interface TextDecoding {
  write(chunk: Buffer): string;
  end(): string;
}

const replacementCharacter = Buffer.from('\uFFFD', 'utf8');

/**
 * A streaming decoder; a leading byte order mark comes out as U+FEFF for the parser to drop.
 * UTF-8 that turns out invalid past the sample the encoding was detected from is refused with
 * `invalidUtf8` as the message rather than read with replacement characters.
 */
export function textDecoding(encoding: TextEncodingName, invalidUtf8 = 'holds bytes that are not UTF-8'): TextDecoding {
  if (encoding === 'utf-8') {
    const decoder = new StringDecoder('utf8');
    // Checking for U+FFFD costs next to nothing on ASCII text, which V8 keeps in one-byte strings.
    const checked = (text: string, bytes: Buffer) => {
      if (text.includes('\uFFFD') && !bytes.includes(replacementCharacter)) throw new DatasetError(invalidUtf8);
      return text;
    };
    return { write: (chunk) => checked(decoder.write(chunk), chunk), end: () => checked(decoder.end(), Buffer.alloc(0)) };
  }
  if (encoding === 'utf-16be') {
    const decoder = new TextDecoder('utf-16be', { ignoreBOM: true });
    return { write: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
  }
  const decoder = new StringDecoder(encoding === 'utf-16le' ? 'utf16le' : 'latin1');
  return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() };
}

export function describeEncoding({ encoding, bom }: DetectedEncoding): string {
  const name = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', latin1: 'Latin-1' }[encoding];
  return bom ? `${name} with BOM` : name;
}
