import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigFile } from '../../../main/config';
import { defaultDataDir } from '../../../main/data-dir';
import { tempDir } from '../../helpers/temp-dir';

describe('ConfigFile', () => {
  it('creates config.json on first start, private to the user, and loads all defaults', () => {
    const dir = tempDir();
    const file = ConfigFile.load(dir);
    expect(file.value.monitor.intervalMs).toBe(1000);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual({});
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('accepts a file holding only the keys a user changed', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), '{ "backup": { "destination": "/mnt/nas" } }');
    const file = ConfigFile.load(dir);
    expect(file.value.backup.destination).toBe('/mnt/nas');
    expect(file.value.backup.gzipLevel).toBe(6);
  });

  it('rejects an invalid file naming the field, and leaves it untouched', () => {
    const dir = tempDir();
    const text = '{ "monitor": { "intervalMs": "fast" } }';
    writeFileSync(join(dir, 'config.json'), text);
    expect(() => ConfigFile.load(dir)).toThrow(ConfigError);
    expect(() => ConfigFile.load(dir)).toThrow(/monitor\.intervalMs/);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(text);
  });

  it('rejects a file that is not JSON, and leaves it untouched', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), '{ monitor: 1 ');
    expect(() => ConfigFile.load(dir)).toThrow(/not valid JSON.*left untouched/s);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe('{ monitor: 1 ');
  });

  it('saves a change merged into the user\'s own keys, atomically, without leftovers', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), '{ "backup": { "destination": "/mnt/nas" } }');
    const file = ConfigFile.load(dir);
    const next = file.update({ backup: { gzipLevel: 9 }, monitor: { intervalMs: 2000 } });
    expect(next.backup).toMatchObject({ destination: '/mnt/nas', gzipLevel: 9 });
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual({
      backup: { destination: '/mnt/nas', gzipLevel: 9 },
      monitor: { intervalMs: 2000 },
    });
    expect(readdirSync(dir).sort()).toEqual(['config.json']);
    expect(ConfigFile.load(dir).value.monitor.intervalMs).toBe(2000);
  });

  it('refuses an invalid change and keeps both the file and the loaded config', () => {
    const dir = tempDir();
    const file = ConfigFile.load(dir);
    expect(() => file.update({ backup: { gzipLevel: 0 } })).toThrow(/backup\.gzipLevel/);
    expect(file.value.backup.gzipLevel).toBe(6);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe('{}\n');
  });
});

describe('defaultDataDir', () => {
  it('uses $XDG_DATA_HOME/vigil, else ~/.local/share/vigil', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/data/xdg' })).toBe('/data/xdg/vigil');
    expect(defaultDataDir({})).toMatch(/\/\.local\/share\/vigil$/);
  });
});
