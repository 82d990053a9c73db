import type { Config } from '../../shared/config';
import { describeDuration, type Anomaly, type GpuMemoryForecast, type TimeToFull } from '../../shared/foresight';
import type { Severity } from '../../shared/alerts';
import type { ExternalCondition } from './alert-engine';
import { parseSeries } from './rules';

function short(value: number): string {
  return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(3);
}

/** The alert for a series turning anomalous (or calm again); null when its metric's anomalies are off. */
export function anomalyCondition(change: { series: string; anomalous: boolean; anomaly: Anomaly }, config: Config['alerts']['anomalies']): ExternalCondition | null {
  const { metric } = parseSeries(change.series);
  const severity = config.metrics[metric] ?? config.severity;
  const { value, expected } = change.anomaly;
  if (!change.anomalous) return { rule: 'anomaly', resource: change.series, severity: null, summary: `${change.series} is back to usual (${short(value)})` };
  if (severity === 'off') return null;
  return { rule: 'anomaly', resource: change.series, severity, value, summary: `${change.series} is unusual: ${short(value)} where about ${short(expected)} is usual` };
}

/** A forecast must come back this far past the warning horizon before its alert clears, so it does not flap. */
const clearMargin = 1.25;

/** One thing forecast to fill: a mount, a GPU's memory. */
export interface Horizon {
  resource: string;
  secondsToFull: number | null;
  /** "disk /data", "GPU 0 memory". */
  what: string;
  /** Said after the forecast, in parentheses: the likely cause. */
  detail?: string;
}

/**
 * Alerts from forecasts: WARNING when something will be full within `warningSeconds`, CRITICAL
 * within `criticalSeconds`, "disk /data will be full in about 3 h". Returns only the conditions
 * that changed since the last call; a resource no longer forecast clears.
 */
export class ForecastAlerts {
  private readonly raised = new Map<string, { severity: Severity; summary: string }>();

  constructor(private readonly rule: string) {}

  evaluate(horizons: readonly Horizon[], warningSeconds: number, criticalSeconds: number): ExternalCondition[] {
    const changed: ExternalCondition[] = [];
    const seen = new Set<string>();
    for (const h of horizons) {
      seen.add(h.resource);
      const previous = this.raised.get(h.resource);
      const seconds = h.secondsToFull ?? Infinity;
      let severity: Severity | null = seconds < criticalSeconds ? 'CRITICAL' : seconds < warningSeconds ? 'WARNING' : null;
      if (previous && severity === null && seconds < warningSeconds * clearMargin) severity = 'WARNING';
      if (previous?.severity === 'CRITICAL' && severity === 'WARNING' && seconds < criticalSeconds * clearMargin) severity = 'CRITICAL';
      if (severity === null) {
        if (previous) changed.push(this.clear(h.resource, `${h.what} is no longer forecast to fill within ${describeHorizon(warningSeconds)}`));
        continue;
      }
      const summary = `${h.what} will be full in ${describeDuration(h.secondsToFull!)}${h.detail ? ` (${h.detail})` : ''}`;
      if (previous?.severity === severity && previous.summary === summary) continue;
      this.raised.set(h.resource, { severity, summary });
      changed.push({ rule: this.rule, resource: h.resource, severity, value: h.secondsToFull, summary });
    }
    for (const resource of [...this.raised.keys()]) if (!seen.has(resource)) changed.push(this.clear(resource, `${resource} is no longer reported`));
    return changed;
  }

  private clear(resource: string, summary: string): ExternalCondition {
    this.raised.delete(resource);
    return { rule: this.rule, resource, severity: null, summary };
  }
}

function describeHorizon(seconds: number): string {
  return seconds >= 3600 ? `${+(seconds / 3600).toFixed(1)} h` : `${+(seconds / 60).toFixed(1)} min`;
}

/** "disk /data will be full in about 3 h" (time-to-full), before the threshold rule on used percent fires. */
export class TimeToFullAlerts {
  private readonly alerts = new ForecastAlerts('time-to-full');

  evaluate(forecasts: readonly TimeToFull[], config: Config['alerts']['timeToFull'], backupMount: string | null): ExternalCondition[] {
    const horizons = forecasts.map((f) => ({ resource: f.mount, secondsToFull: f.secondsToFull, what: `disk ${f.mount}${f.mount === backupMount ? ' (backup destination)' : ''}` }));
    return this.alerts.evaluate(horizons, config.warningHours * 3600, config.criticalHours * 3600);
  }
}

/** "GPU 0 memory will be full in about 20 min (python, pid 4242, growing 2.1 GiB/h)" (gpu-memory-full). */
export class GpuMemoryAlerts {
  private readonly alerts = new ForecastAlerts('gpu-memory-full');

  evaluate(forecasts: readonly GpuMemoryForecast[], config: Config['alerts']['gpuMemoryFull']): ExternalCondition[] {
    const horizons = forecasts.map((f) => ({
      resource: String(f.gpu),
      secondsToFull: f.secondsToFull,
      what: `GPU ${f.gpu} memory`,
      detail: f.process ? `${f.process.name}, pid ${f.process.pid}, growing ${gibPerHour(f.process.bytesPerSecond)}` : undefined,
    }));
    return this.alerts.evaluate(horizons, config.warningMinutes * 60, config.criticalMinutes * 60);
  }
}

function gibPerHour(bytesPerSecond: number): string {
  return `${((bytesPerSecond * 3600) / 1024 ** 3).toFixed(1)} GiB/h`;
}
