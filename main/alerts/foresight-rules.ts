import type { Config } from '../../shared/config';
import { describeDuration, type Anomaly, type TimeToFull } from '../../shared/foresight';
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

/**
 * "disk /data will be full in about 3 h": WARNING under `warningHours`, CRITICAL under
 * `criticalHours`, raised from the forecast before the threshold rule on used percent fires.
 * Returns only the conditions that changed since the last call.
 */
export class TimeToFullAlerts {
  private readonly raised = new Map<string, { severity: Severity; summary: string }>();

  evaluate(forecasts: readonly TimeToFull[], config: Config['alerts']['timeToFull'], backupMount: string | null): ExternalCondition[] {
    const changed: ExternalCondition[] = [];
    const seen = new Set<string>();
    for (const f of forecasts) {
      seen.add(f.mount);
      const previous = this.raised.get(f.mount);
      const hours = f.secondsToFull === null ? Infinity : f.secondsToFull / 3600;
      let severity: Severity | null = hours < config.criticalHours ? 'CRITICAL' : hours < config.warningHours ? 'WARNING' : null;
      if (previous && severity === null && hours < config.warningHours * clearMargin) severity = 'WARNING';
      if (previous?.severity === 'CRITICAL' && severity === 'WARNING' && hours < config.criticalHours * clearMargin) severity = 'CRITICAL';
      const what = `disk ${f.mount}${f.mount === backupMount ? ' (backup destination)' : ''}`;
      if (severity === null) {
        if (previous) changed.push(this.clear(f.mount, `${what} is no longer forecast to fill within ${config.warningHours} h`));
        continue;
      }
      const summary = `${what} will be full in ${describeDuration(f.secondsToFull!)}`;
      if (previous?.severity === severity && previous.summary === summary) continue;
      this.raised.set(f.mount, { severity, summary });
      changed.push({ rule: 'time-to-full', resource: f.mount, severity, value: f.secondsToFull, summary });
    }
    for (const mount of [...this.raised.keys()]) if (!seen.has(mount)) changed.push(this.clear(mount, `disk ${mount} is no longer reported`));
    return changed;
  }

  private clear(mount: string, summary: string): ExternalCondition {
    this.raised.delete(mount);
    return { rule: 'time-to-full', resource: mount, severity: null, summary };
  }
}
