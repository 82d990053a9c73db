import { describe, expect, it } from 'vitest';
import { Config, defaultConfig, describeConfigIssues } from '../../../shared/config';
import { deepMerge } from '../../../shared/deep-partial';

describe('config schema', () => {
  it('fills every default the design gives from an empty object', () => {
    const config = defaultConfig();
    expect(config.monitor.intervalMs).toBe(1000);
    expect(config.monitor.retention).toEqual({ rawHours: 24, minuteDays: 30, hourDays: 365 });
    expect(config.alerts.thresholds.cpuPercent).toEqual({ warning: 80, critical: 95 });
    expect(config.alerts.thresholds.memoryPercent).toEqual({ warning: 85, critical: 95 });
    expect(config.alerts.thresholds.diskPercent).toEqual({ warning: 90, critical: 95 });
    expect(config.alerts.thresholds.modelLatencyMs).toEqual({ warning: 1000, critical: 5000 });
    expect(config.alerts.thresholds.errorRatePercent).toEqual({ warning: 5, critical: 15 });
    expect(config.drift.pValue).toEqual({ mild: 0.05, moderate: 0.01, severe: 0.001 });
    expect(config.drift.psi).toEqual({ mild: 0.1, moderate: 0.2, severe: 0.25 });
    expect(config.drift.minSamples).toBe(100);
    expect(config.backup.sources.map((s) => s.name)).toEqual(['models', 'data', 'config']);
    expect(config.backup.gzipLevel).toBe(6);
    expect(config.backup.schedule).toEqual({ fullEveryHours: 24, incrementalEveryHours: 6, differentialEveryHours: null });
    expect(config.backup.retention).toEqual({ fulls: 7, incrementals: 30 });
    expect(config.server).toEqual({ host: '127.0.0.1', port: 7177 });
  });

  it('keeps what a sparse file says and defaults the rest, even inside the same section', () => {
    const config = Config.parse({ backup: { destination: '/mnt/nas' }, alerts: { thresholds: { cpuPercent: { warning: 70 } } } });
    expect(config.backup.destination).toBe('/mnt/nas');
    expect(config.backup.gzipLevel).toBe(6);
    expect(config.alerts.thresholds.cpuPercent).toEqual({ warning: 70, critical: 95 });
    expect(config.monitor.intervalMs).toBe(1000);
  });

  it('names the field of each problem, unknown keys included', () => {
    const parsed = Config.safeParse({ backup: { gzipLevel: 12 }, monitor: { intervalMS: 500 } });
    expect(parsed.success).toBe(false);
    const text = describeConfigIssues(parsed.error!);
    expect(text).toMatch(/^backup\.gzipLevel: .*9/m);
    expect(text).toMatch(/^monitor: .*intervalMS/m);
  });
});

describe('deepMerge', () => {
  it('merges objects, replaces arrays and scalars, and leaves both inputs untouched', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 'x' };
    const patch = { a: { c: [3] }, e: true };
    expect(deepMerge(base, patch)).toEqual({ a: { b: 1, c: [3] }, d: 'x', e: true });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 'x' });
    expect(patch).toEqual({ a: { c: [3] }, e: true });
  });
});
