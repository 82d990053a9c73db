import { writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleAbiOf, NativeModuleError, readModuleAbi } from '../../../../main/native/module-abi';
import { craftElf, craftFatMachO, craftMachO, craftPe } from '../../../helpers/native-binaries';
import { tempDir } from '../../../helpers/temp-dir';

const sqliteDir = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
const nodeBuild = join(sqliteDir, 'build', 'Release', 'better_sqlite3.node');
const nodeAbi = Number(process.versions.modules);

describe('the ABI of a native module, read without loading it', () => {
  it('reads the ABI of the better-sqlite3 that npm install built for this Node', () => {
    expect(readModuleAbi(nodeBuild)).toEqual({ format: 'ELF', abi: nodeAbi });
  });

  it('finds no Node ABI in a shared object that is not a Node addon (the SQLite test extension)', () => {
    expect(readModuleAbi(join(sqliteDir, 'build', 'Release', 'test_extension.node'))).toEqual({ format: 'ELF', abi: null });
  });

  it('reads 64-bit little-endian and 32-bit big-endian ELF', () => {
    const symbols = [{ name: 'napi_module_register', defined: false }, { name: 'node_register_module_v150' }];
    expect(moduleAbiOf(craftElf(symbols))).toEqual({ format: 'ELF', abi: 150 });
    expect(moduleAbiOf(craftElf([{ name: 'node_register_module_v123' }], { bits: 32, bigEndian: true }))).toEqual({ format: 'ELF', abi: 123 });
  });

  it('ignores the name where it is only referenced, or only appears as text', () => {
    const file = craftElf([{ name: 'node_register_module_v150', defined: false }], { extraData: 'node_register_module_v115\0' });
    expect(moduleAbiOf(file)).toEqual({ format: 'ELF', abi: null });
  });

  it('reads Mach-O with the leading underscore, and universal binaries', () => {
    const arm = craftMachO([{ name: '_node_module_register', defined: false }, { name: '_node_register_module_v150' }], 'arm64');
    const intel = craftMachO([{ name: '_node_register_module_v150' }], 'x86_64');
    expect(moduleAbiOf(arm)).toEqual({ format: 'Mach-O', abi: 150 });
    expect(moduleAbiOf(craftFatMachO([intel, arm]))).toEqual({ format: 'Mach-O', abi: 150 });
    expect(moduleAbiOf(craftMachO([{ name: '_node_register_module_v150', defined: false }]))).toEqual({ format: 'Mach-O', abi: null });
  });

  it('reads the export table of a PE DLL', () => {
    expect(moduleAbiOf(craftPe(['napi_register_module_v1', 'node_register_module_v150']))).toEqual({ format: 'PE', abi: 150 });
    expect(moduleAbiOf(craftPe(['sqlite3_extension_init']))).toEqual({ format: 'PE', abi: null });
  });

  it('refuses a truncated file with a clear error instead of guessing', () => {
    const dir = tempDir();
    const cut = join(dir, 'cut.node');
    writeFileSync(cut, readFileSync(nodeBuild).subarray(0, 4096));
    expect(() => readModuleAbi(cut)).toThrow(NativeModuleError);
    expect(() => readModuleAbi(cut)).toThrow(/cut\.node: truncated or damaged file/);
    expect(() => moduleAbiOf(craftPe(['node_register_module_v150']).subarray(0, 0x220))).toThrow(/truncated or damaged/);
  });

  it('says what is wrong with a file that is no native module, or is not there', () => {
    const dir = tempDir();
    const text = join(dir, 'notes.node');
    writeFileSync(text, 'just some text\n');
    expect(() => readModuleAbi(text)).toThrow(/notes\.node: not a native module/);
    expect(() => readModuleAbi(join(dir, 'absent.node'))).toThrow(/cannot read .*absent\.node/);
  });
});
