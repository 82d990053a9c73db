/**
 * Minimal but well-formed ELF, Mach-O and PE files with a chosen symbol table, for testing the ABI
 * reader on formats this machine cannot build. Each holds exactly the structures a linker writes
 * for those symbols (section headers and a symbol table, a symtab load command, an export
 * directory), nothing else.
 */
export interface CraftedSymbol {
  name: string;
  /** false: an undefined (imported) symbol, which the file references but does not define. */
  defined?: boolean;
}

function stringTable(names: string[]): { bytes: Buffer; offsets: number[] } {
  const offsets: number[] = [];
  const parts: Buffer[] = [Buffer.from([0])];
  let length = 1;
  for (const name of names) {
    offsets.push(length);
    const part = Buffer.from(`${name}\0`, 'latin1');
    parts.push(part);
    length += part.length;
  }
  return { bytes: Buffer.concat(parts), offsets };
}

export function craftElf(symbols: CraftedSymbol[], options: { bits?: 32 | 64; bigEndian?: boolean; extraData?: string } = {}): Buffer {
  const is64 = (options.bits ?? 64) === 64;
  const le = !options.bigEndian;
  const headerSize = is64 ? 64 : 52;
  const symbolSize = is64 ? 24 : 16;
  const sectionSize = is64 ? 64 : 40;
  // One string table serves the symbols and the section names (.dynstr, .dynsym), as e_shstrndx allows.
  const strings = stringTable([...symbols.map((s) => s.name), '.dynstr', '.dynsym']);
  const [dynstrName, dynsymName] = strings.offsets.slice(symbols.length);
  const data = Buffer.from(options.extraData ?? '', 'latin1');
  const stringsAt = headerSize;
  const dataAt = stringsAt + strings.bytes.length;
  const symbolsAt = dataAt + data.length;
  const symbolsLength = (symbols.length + 1) * symbolSize; // entry 0 is the null symbol
  const sectionsAt = symbolsAt + symbolsLength;
  const out = Buffer.alloc(sectionsAt + 3 * sectionSize);
  const u16 = (v: number, at: number) => (le ? out.writeUInt16LE(v, at) : out.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (le ? out.writeUInt32LE(v, at) : out.writeUInt32BE(v, at));
  const word = (v: number, at: number) => (is64 ? (le ? out.writeBigUInt64LE(BigInt(v), at) : out.writeBigUInt64BE(BigInt(v), at)) : u32(v, at));

  out.write('\x7fELF', 0, 'latin1');
  out[4] = is64 ? 2 : 1;
  out[5] = le ? 1 : 2;
  out[6] = 1;
  u16(3, 16); // ET_DYN: a shared object
  u16(is64 ? 62 : 3, 18);
  u32(1, 20);
  word(sectionsAt, is64 ? 0x28 : 0x20);
  u16(headerSize, is64 ? 0x34 : 0x28);
  u16(sectionSize, is64 ? 0x3a : 0x2e);
  u16(3, is64 ? 0x3c : 0x30);
  u16(1, is64 ? 0x3e : 0x32); // section names live in section 1
  strings.bytes.copy(out, stringsAt);
  data.copy(out, dataAt);
  symbols.forEach((symbol, i) => {
    const at = symbolsAt + (i + 1) * symbolSize;
    u32(strings.offsets[i]!, at);
    const defined = symbol.defined !== false;
    const info = (1 << 4) | 2; // STB_GLOBAL, STT_FUNC
    if (is64) {
      out[at + 4] = info;
      u16(defined ? 1 : 0, at + 6);
    } else {
      out[at + 12] = info;
      u16(defined ? 1 : 0, at + 14);
    }
  });
  const section = (index: number, name: number, type: number, offset: number, size: number, link: number, entrySize: number) => {
    const at = sectionsAt + index * sectionSize;
    u32(name, at);
    u32(type, at + 4);
    if (is64) {
      word(offset, at + 24);
      word(size, at + 32);
      u32(link, at + 40);
      word(entrySize, at + 56);
    } else {
      u32(offset, at + 16);
      u32(size, at + 20);
      u32(link, at + 24);
      u32(entrySize, at + 36);
    }
  };
  section(1, dynstrName!, 3, stringsAt, strings.bytes.length, 0, 0); // .dynstr (SHT_STRTAB)
  section(2, dynsymName!, 11, symbolsAt, symbolsLength, 1, symbolSize); // .dynsym (SHT_DYNSYM)
  return out;
}

/** A 64-bit little-endian Mach-O bundle (x86_64 or arm64) with one LC_SYMTAB. */
export function craftMachO(symbols: CraftedSymbol[], cpu: 'x86_64' | 'arm64' = 'arm64'): Buffer {
  const strings = stringTable(symbols.map((s) => s.name));
  const headerSize = 32;
  const commandSize = 24;
  const symbolsAt = headerSize + commandSize;
  const stringsAt = symbolsAt + symbols.length * 16;
  const out = Buffer.alloc(stringsAt + strings.bytes.length);
  out.writeUInt32LE(0xfeedfacf, 0);
  out.writeUInt32LE(cpu === 'arm64' ? 0x0100000c : 0x01000007, 4);
  out.writeUInt32LE(8, 12); // MH_BUNDLE, what node-gyp links a .node as
  out.writeUInt32LE(1, 16);
  out.writeUInt32LE(commandSize, 20);
  out.writeUInt32LE(0x2, headerSize); // LC_SYMTAB
  out.writeUInt32LE(commandSize, headerSize + 4);
  out.writeUInt32LE(symbolsAt, headerSize + 8);
  out.writeUInt32LE(symbols.length, headerSize + 12);
  out.writeUInt32LE(stringsAt, headerSize + 16);
  out.writeUInt32LE(strings.bytes.length, headerSize + 20);
  symbols.forEach((symbol, i) => {
    const at = symbolsAt + i * 16;
    out.writeUInt32LE(strings.offsets[i]!, at);
    out[at + 4] = symbol.defined === false ? 0x01 : 0x0f; // N_UNDF|N_EXT or N_SECT|N_EXT
    out[at + 5] = symbol.defined === false ? 0 : 1;
  });
  strings.bytes.copy(out, stringsAt);
  return out;
}

/** A universal (fat) binary holding the given Mach-O slices, each aligned to 4 KiB. */
export function craftFatMachO(slices: Buffer[]): Buffer {
  const align = 4096;
  const offsets: number[] = [];
  let end = align;
  for (const slice of slices) {
    offsets.push(end);
    end += Math.ceil(slice.length / align) * align;
  }
  const out = Buffer.alloc(end);
  out.writeUInt32BE(0xcafebabe, 0);
  out.writeUInt32BE(slices.length, 4);
  slices.forEach((slice, i) => {
    const at = 8 + i * 20;
    out.writeUInt32BE(slice.readUInt32LE(4), at);
    out.writeUInt32BE(offsets[i]!, at + 8);
    out.writeUInt32BE(slice.length, at + 12);
    out.writeUInt32BE(12, at + 16);
    slice.copy(out, offsets[i]!);
  });
  return out;
}

/** A PE32+ DLL (x64) with one section holding an export directory that names the symbols. */
export function craftPe(exportNames: string[]): Buffer {
  const peAt = 0x40;
  const optionalSize = 240;
  const sectionTableAt = peAt + 4 + 20 + optionalSize;
  const rawAt = 0x200;
  const sectionRva = 0x1000;
  const directorySize = 40;
  const namesArrayAt = directorySize; // offsets inside the section
  const stringsAt = namesArrayAt + exportNames.length * 4;
  const strings = stringTable(exportNames);
  const sectionLength = stringsAt + strings.bytes.length;
  const out = Buffer.alloc(rawAt + sectionLength);
  out.write('MZ', 0, 'latin1');
  out.writeUInt32LE(peAt, 0x3c);
  out.write('PE\0\0', peAt, 'latin1');
  const coff = peAt + 4;
  out.writeUInt16LE(0x8664, coff);
  out.writeUInt16LE(1, coff + 2);
  out.writeUInt16LE(optionalSize, coff + 16);
  out.writeUInt16LE(0x2022, coff + 18); // executable, large-address-aware, DLL
  const optional = coff + 20;
  out.writeUInt16LE(0x20b, optional);
  out.writeUInt32LE(16, optional + 108); // NumberOfRvaAndSizes
  out.writeUInt32LE(sectionRva, optional + 112); // export table RVA
  out.writeUInt32LE(sectionLength, optional + 116);
  out.write('.edata', sectionTableAt, 'latin1');
  out.writeUInt32LE(sectionLength, sectionTableAt + 8);
  out.writeUInt32LE(sectionRva, sectionTableAt + 12);
  out.writeUInt32LE(sectionLength, sectionTableAt + 16);
  out.writeUInt32LE(rawAt, sectionTableAt + 20);
  out.writeUInt32LE(exportNames.length, rawAt + 20); // NumberOfFunctions
  out.writeUInt32LE(exportNames.length, rawAt + 24); // NumberOfNames
  out.writeUInt32LE(sectionRva + namesArrayAt, rawAt + 32);
  exportNames.forEach((_, i) => out.writeUInt32LE(sectionRva + stringsAt + strings.offsets[i]!, rawAt + namesArrayAt + i * 4));
  strings.bytes.copy(out, rawAt + stringsAt);
  return out;
}
