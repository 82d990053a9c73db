import { readFileSync } from 'node:fs';
import { linearRegression } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { FillForecast } from '../../../../../main/monitor/forecast/fill-forecast';

// Recorded by test/fixtures/forecast/record-prometheus.ts with promtool from the same series.
const fixtures = JSON.parse(readFileSync(new URL('../../../../fixtures/forecast/prometheus-fill.json', import.meta.url), 'utf8')) as {
  series: { name: string; stepMs: number; values: number[]; prometheus: { predictLinearNow: number; derivPerSecond: number } }[];
};

const t0 = Date.UTC(2026, 10, 30, 6);
const hour = 3_600_000;

function forecastOf(values: number[], stepMs: number) {
  const forecast = new FillForecast();
  values.forEach((v, i) => forecast.add(t0 + i * stepMs, v));
  return forecast.forecast(t0 + (values.length - 1) * stepMs);
}

describe('FillForecast', () => {
  it.each(fixtures.series.map((s) => [s.name, s] as const))('agrees with Prometheus predict_linear() and deriv() within 2 %% on %s', (_name, s) => {
    const fill = forecastOf(s.values, s.stepMs)!;
    const prometheusSecondsToFull = s.prometheus.predictLinearNow / -s.prometheus.derivPerSecond;
    expect(Math.abs(fill.availableBytes / s.prometheus.predictLinearNow - 1)).toBeLessThan(0.02);
    expect(Math.abs(fill.bytesPerSecond / s.prometheus.derivPerSecond - 1)).toBeLessThan(0.02);
    expect(Math.abs(fill.secondsToFull! / prometheusSecondsToFull - 1)).toBeLessThan(0.03);
  });

  it('is not thrown off by a big file that came and went, where least squares is', () => {
    // 100 GB free, filling at 1 GB an hour; for an hour a 60 GB file sat on the disk.
    const values = Array.from({ length: 360 }, (_, i) => 100e9 - (1e9 * i) / 60 - (i >= 200 && i < 260 ? 60e9 : 0));
    const fill = forecastOf(values, 60_000)!;
    expect(fill.bytesPerSecond * 3600).toBeCloseTo(-1e9, -7);
    expect(fill.secondsToFull! / 3600).toBeCloseTo(94, 0);
    const ols = linearRegression(values.map((v, i) => [i * 60, v]));
    expect(Math.abs(ols.m * 3600 + 1e9)).toBeGreaterThan(0.2e9);
  });

  it('says nothing before ten minutes of history, and no time to full while space is freed', () => {
    expect(forecastOf(Array.from({ length: 9 }, (_, i) => 50e9 - i * 1e6), 60_000)).toBeNull();
    const freeing = forecastOf(Array.from({ length: 60 }, (_, i) => 50e9 + i * 1e6), 60_000)!;
    expect(freeing.bytesPerSecond).toBeGreaterThan(0);
    expect(freeing.secondsToFull).toBeNull();
  });

  it('keeps one reading a minute over the last six hours', () => {
    const forecast = new FillForecast();
    // Filling fast a day ago, steady for the last six hours: only the recent window counts.
    for (let i = 0; i < 24 * 3600; i += 1) forecast.add(t0 + i * 1000, i < 18 * 3600 ? 1e12 - i * 1e6 : 1e12 - 18 * 3600 * 1e6);
    const fill = forecast.forecast(t0 + 24 * hour)!;
    expect(fill.bytesPerSecond).toBe(0);
    expect(fill.secondsToFull).toBeNull();
  });
});
