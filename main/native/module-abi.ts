import { readFileSync } from 'node:fs';

/**
 * Which Node ABI a native addon (`.node` file) was built for, read from its symbol table without
 * loading it: a Node addon defines `node_register_module_v<ABI>` (115 for Node 20, 150 for
 * Electron 45, …). Loading the wrong one is what crashes a process, so this must never load it.
 * ELF (Linux), Mach-O (macOS, universal binaries included) and PE (Windows) are understood.
 */
export interface NativeModuleAbi {
  format: 'ELF' | 'Mach-O' | 'PE';
  /** The NODE_MODULE_VERSION it registers for, or null when it defines no such symbol. */
  abi: number | null;
}

export class NativeModuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NativeModuleError';
  }
}

const registerSymbol = /^_?node_register_module_v(\d+)$/;

export function readModuleAbi(path: string): NativeModuleAbi {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new NativeModuleError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return moduleAbiOf(bytes);
  } catch (error) {
    if (error instanceof NativeModuleError) throw new NativeModuleError(`${path}: ${error.message}`);
    throw error;
  }
}

export function moduleAbiOf(bytes: Buffer): NativeModuleAbi {
  const view = new Reader(bytes);
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x7f454c46) return { format: 'ELF', abi: abiOf(elfSymbols(view)) };
  if (bytes.length >= 2 && bytes.toString('latin1', 0, 2) === 'MZ') return { format: 'PE', abi: abiOf(peExports(view)) };
  if (bytes.length >= 4) {
    const magic = bytes.readUInt32LE(0);
    if (magic === 0xfeedfacf || magic === 0xfeedface || magic === 0xcffaedfe || magic === 0xcefaedfe) {
      return { format: 'Mach-O', abi: abiOf(machOSymbols(view, 0)) };
    }
    if (bytes.readUInt32BE(0) === 0xcafebabe) return { format: 'Mach-O', abi: abiOf(fatMachOSymbols(view)) };
  }
  throw new NativeModuleError('not a native module (no ELF, Mach-O or PE header)');
}

function abiOf(names: Iterable<string>): number | null {
  for (const name of names) {
    const match = registerSymbol.exec(name);
    if (match) return Number(match[1]);
  }
  return null;
}

/** Bounds-checked reads: a truncated or damaged file is an error, never a crash or a wrong answer. */
class Reader {
  constructor(
    readonly bytes: Buffer,
    public littleEndian = true,
  ) {}

  private check(offset: number, size: number): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + size > this.bytes.length) {
      throw new NativeModuleError(`truncated or damaged file (read of ${size} bytes at ${offset} past its ${this.bytes.length} bytes)`);
    }
  }
  u8(offset: number): number {
    this.check(offset, 1);
    return this.bytes[offset]!;
  }
  u16(offset: number): number {
    this.check(offset, 2);
    return this.littleEndian ? this.bytes.readUInt16LE(offset) : this.bytes.readUInt16BE(offset);
  }
  u32(offset: number): number {
    this.check(offset, 4);
    return this.littleEndian ? this.bytes.readUInt32LE(offset) : this.bytes.readUInt32BE(offset);
  }
  u64(offset: number): number {
    this.check(offset, 8);
    return Number(this.littleEndian ? this.bytes.readBigUInt64LE(offset) : this.bytes.readBigUInt64BE(offset));
  }
  /** A NUL-terminated name starting at `offset`, not reading past `end`. */
  cString(offset: number, end = this.bytes.length): string {
    this.check(offset, 0);
    const stop = this.bytes.indexOf(0, offset);
    return this.bytes.toString('latin1', offset, stop === -1 || stop > end ? end : stop);
  }
}

function* elfSymbols(r: Reader): Generator<string> {
  const is64 = r.u8(4) === 2;
  r.littleEndian = r.u8(5) !== 2;
  const sectionsAt = is64 ? r.u64(0x28) : r.u32(0x20);
  const sectionSize = r.u16(is64 ? 0x3a : 0x2e);
  const sectionCount = r.u16(is64 ? 0x3c : 0x30);
  const section = (index: number) => {
    const at = sectionsAt + index * sectionSize;
    return is64
      ? { type: r.u32(at + 4), offset: r.u64(at + 24), size: r.u64(at + 32), link: r.u32(at + 40), entrySize: r.u64(at + 56) }
      : { type: r.u32(at + 4), offset: r.u32(at + 16), size: r.u32(at + 20), link: r.u32(at + 24), entrySize: r.u32(at + 36) };
  };
  const symtab = 2;
  const dynsym = 11;
  for (let i = 0; i < sectionCount; i++) {
    const symbols = section(i);
    if (symbols.type !== symtab && symbols.type !== dynsym) continue;
    const strings = section(symbols.link);
    const entry = symbols.entrySize || (is64 ? 24 : 16);
    for (let at = symbols.offset; at + entry <= symbols.offset + symbols.size; at += entry) {
      const definedIn = r.u16(at + (is64 ? 6 : 14));
      if (definedIn === 0) continue; // undefined: the module references it, it does not define it
      yield r.cString(strings.offset + r.u32(at), strings.offset + strings.size);
    }
  }
}

function* machOSymbols(r: Reader, start: number): Generator<string> {
  const magic = r.bytes.readUInt32LE(start);
  r.littleEndian = magic === 0xfeedfacf || magic === 0xfeedface;
  const is64 = magic === 0xfeedfacf || magic === 0xcffaedfe;
  const commandCount = r.u32(start + 16);
  let at = start + (is64 ? 32 : 28);
  for (let i = 0; i < commandCount; i++) {
    const command = r.u32(at);
    const size = r.u32(at + 4);
    if (size < 8) throw new NativeModuleError('damaged Mach-O load command');
    const lcSymtab = 0x2;
    if (command === lcSymtab) {
      const symbolsAt = start + r.u32(at + 8);
      const count = r.u32(at + 12);
      const stringsAt = start + r.u32(at + 16);
      const stringsEnd = stringsAt + r.u32(at + 20);
      const entry = is64 ? 16 : 12;
      for (let s = 0; s < count; s++) {
        const symbol = symbolsAt + s * entry;
        const definedInSection = (r.u8(symbol + 4) & 0x0e) === 0x0e;
        if (definedInSection) yield r.cString(stringsAt + r.u32(symbol), stringsEnd);
      }
    }
    at += size;
  }
}

/** A universal binary: every slice is the same addon for another CPU; the first that names an ABI answers. */
function* fatMachOSymbols(r: Reader): Generator<string> {
  const count = r.bytes.readUInt32BE(4);
  for (let i = 0; i < count; i++) {
    r.littleEndian = false;
    const offset = r.u32(8 + i * 20 + 8);
    r.u32(offset); // bounds check before reading the slice's magic
    yield* machOSymbols(r, offset);
  }
}

function* peExports(r: Reader): Generator<string> {
  r.littleEndian = true;
  const pe = r.u32(0x3c);
  if (r.u32(pe) !== 0x00004550) throw new NativeModuleError('MZ header without a PE signature');
  const coff = pe + 4;
  const sectionCount = r.u16(coff + 2);
  const optionalSize = r.u16(coff + 16);
  const optional = coff + 20;
  const is64 = r.u16(optional) === 0x20b;
  const directories = optional + (is64 ? 112 : 96);
  const exportRva = r.u32(directories);
  if (exportRva === 0) return;
  const sections = optional + optionalSize;
  const toOffset = (rva: number): number => {
    for (let i = 0; i < sectionCount; i++) {
      const s = sections + i * 40;
      const virtualAddress = r.u32(s + 12);
      const length = Math.max(r.u32(s + 8), r.u32(s + 16));
      if (rva >= virtualAddress && rva < virtualAddress + length) return r.u32(s + 20) + (rva - virtualAddress);
    }
    throw new NativeModuleError(`PE address ${rva} lies in no section`);
  };
  const exports = toOffset(exportRva);
  const nameCount = r.u32(exports + 24);
  const names = toOffset(r.u32(exports + 32));
  for (let i = 0; i < nameCount; i++) yield r.cString(toOffset(r.u32(names + i * 4)));
}
